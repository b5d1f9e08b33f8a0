package dev.sightline.ingest.logs;

import dev.sightline.model.LogRecord;

/**
 * One action of an Elasticsearch {@code _bulk} request and its outcome, as the bulk response reports it.
 *
 * @param action {@code index}, {@code create}, {@code update} or {@code delete}
 * @param index the target index, from the action's {@code _index} or the URL; empty if neither gave one
 * @param id the document id, from {@code _id} or generated as Elasticsearch does (20 URL-safe characters)
 * @param record the decoded record when the item succeeded, otherwise null
 * @param status HTTP status of the item: 201 when created, 4xx/5xx with {@code errorType} otherwise
 * @param errorType Elasticsearch's error type ({@code document_parsing_exception}, ...), empty on success
 * @param errorReason what was wrong, empty on success
 */
public record BulkItem(String action, String index, String id, LogRecord record, int status, String errorType,
                       String errorReason) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  static BulkItem created(String action, String index, String id, LogRecord record) {
    return new BulkItem(action, index, id, record, 201, "", "");
  }

  static BulkItem failed(String action, String index, String id, int status, String type, String reason) {
    return new BulkItem(action, index, id, null, status, type, reason);
  }
}
