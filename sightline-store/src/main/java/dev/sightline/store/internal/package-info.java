/** Not API: the binary codecs of the store (spans in WAL records and stored fields). */
package dev.sightline.store.internal;
