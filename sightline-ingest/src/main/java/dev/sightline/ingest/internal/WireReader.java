package dev.sightline.ingest.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * A protobuf wire-format cursor over part of a byte array, for codecs that decode straight into the model
 * instead of building generated messages first. It reads with {@link CodedInputStream} and keeps
 * protobuf-java's parsing rules, so that a body is refused exactly when the generated {@code parseFrom} would
 * refuse it: at most {@value #MAX_DEPTH} nested messages or groups, unknown fields (groups too) skipped as
 * {@code UnknownFieldSet} reads them, strings valid UTF-8, every length checked against what is left.
 *
 * <p>A field that can only be interpreted once later fields are known (spans before their resource, a
 * span's attributes before its ids) is noted with {@link #slice()} and read afterwards with
 * {@link #open(long)}: offsets into the same array, nothing copied.
 *
 * <p>A decoder loops {@code for (int tag; (tag = in.readTag()) != 0; )}, switching on whole tags as
 * generated code does: a known field number arriving with another wire type is an unknown field.
 */
public final class WireReader {
  public static final int VARINT = WireFormat.WIRETYPE_VARINT;
  public static final int I64 = WireFormat.WIRETYPE_FIXED64;
  public static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  public static final int I32 = WireFormat.WIRETYPE_FIXED32;

  /** protobuf-java's default recursion limit ({@code CodedInputStream.setRecursionLimit}). */
  public static final int MAX_DEPTH = 100;

  private final byte[] buffer;
  private final int start;
  private final CodedInputStream in;
  // Messages and groups entered above the current position, counted as CodedInputStream counts them.
  private int depth;

  private WireReader(byte[] buffer, int offset, int length, int depth) {
    this.buffer = buffer;
    this.start = offset;
    this.in = CodedInputStream.newInstance(buffer, offset, length);
    this.depth = depth;
  }

  /** A reader over a whole top-level message. */
  public static WireReader of(byte[] body) {
    return new WireReader(body, 0, body.length, 0);
  }

  public byte[] buffer() {
    return buffer;
  }

  public int depth() {
    return depth;
  }

  /** The next tag, or 0 at the end of the current message. */
  public int readTag() throws IOException {
    return in.readTag();
  }

  /**
   * Steps into a length-delimited sub-message just tagged; read it to its end ({@code readTag() == 0}),
   * then {@link #exit(int)} with what this returned.
   */
  public int enter() throws IOException {
    int length = in.readRawVarint32();
    checkDepth();
    int outer = in.pushLimit(length);
    depth++;
    return outer;
  }

  public void exit(int outer) {
    depth--;
    in.popLimit(outer);
  }

  /** Skips a length-delimited field just tagged, returning where its content lies (see {@link #offset}). */
  public long slice() throws IOException {
    int length = in.readRawVarint32();
    int offset = start + in.getTotalBytesRead();
    in.skipRawBytes(length); // refuses a negative length or one running past the enclosing message
    return (long) offset << 32 | length;
  }

  public static int offset(long slice) {
    return (int) (slice >>> 32);
  }

  public static int length(long slice) {
    return (int) slice;
  }

  /** A reader over a sub-message noted by {@link #slice()} on this reader, one level deeper. */
  public WireReader open(long slice) throws InvalidProtocolBufferException {
    checkDepth();
    return new WireReader(buffer, offset(slice), length(slice), depth + 1);
  }

  /** A {@code string} field: UTF-8 required, as protobuf-java's generated code reads proto3 strings. */
  public String readString() throws IOException {
    return in.readStringRequireUtf8();
  }

  public long readFixed64() throws IOException {
    return in.readFixed64();
  }

  public int readFixed32() throws IOException {
    return in.readFixed32();
  }

  public double readDouble() throws IOException {
    return in.readDouble();
  }

  public long readInt64() throws IOException {
    return in.readInt64();
  }

  public boolean readBool() throws IOException {
    return in.readBool();
  }

  /** An enum, kept as its number so that unknown values survive as they do in generated code. */
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  public int readUInt32() throws IOException {
    return in.readUInt32();
  }

  /** Skips a field the caller does not know, as {@code UnknownFieldSet.Builder.mergeFieldFrom} reads it. */
  public void skipField(int tag) throws IOException {
    switch (WireFormat.getTagWireType(tag)) {
      case VARINT -> in.readInt64();
      case I64 -> in.skipRawBytes(8);
      case LEN -> in.skipRawBytes(in.readRawVarint32());
      case I32 -> in.skipRawBytes(4);
      case WireFormat.WIRETYPE_START_GROUP -> skipGroup(WireFormat.getTagFieldNumber(tag));
      // An end-group outside its group ends the message early; protobuf-java then fails the same way.
      case WireFormat.WIRETYPE_END_GROUP -> throw new InvalidProtocolBufferException(
          "Protocol message end-group tag did not match expected tag.");
      default -> throw new InvalidProtocolBufferException("Protocol message tag had invalid wire type.");
    }
  }

  // A group nests like a message and counts against the same depth limit; it must end with its own number.
  private void skipGroup(int fieldNumber) throws IOException {
    checkDepth();
    depth++;
    int tag;
    while ((tag = in.readTag()) != 0 && WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_END_GROUP) {
      skipField(tag);
    }
    in.checkLastTagWas(fieldNumber << 3 | WireFormat.WIRETYPE_END_GROUP);
    depth--;
  }

  private void checkDepth() throws InvalidProtocolBufferException {
    if (depth >= MAX_DEPTH) {
      throw new InvalidProtocolBufferException(
          "Protocol message had too many levels of nesting (more than " + MAX_DEPTH + ").");
    }
  }
}
