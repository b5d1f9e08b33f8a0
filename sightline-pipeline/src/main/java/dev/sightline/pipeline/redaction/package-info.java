/**
 * Redaction of secrets in spans and logs, on by default with safe rules ({@link
 * dev.sightline.pipeline.redaction.Redactor}).
 *
 * <p>Where it sits: first on the ingest writer thread, before span metrics and sampling, so a card
 * number in a span name never becomes a metric label and nothing unredacted reaches the WAL or a store.
 *
 * <p>Why it is shaped this way:
 * <ul>
 *   <li>Keys are matched by their last segments after splitting on separators and camelCase, with a
 *       cached set lookup, because the same few hundred keys repeat on every span and a regex per key
 *       per rule would dominate ingest cost. Suffix matching (rather than "contains") keeps
 *       {@code password_hash_algorithm} and {@code gen_ai.usage.input_tokens} readable.</li>
 *   <li>Card numbers are found by a hand-written scanner (digit runs, card-style grouping, issuer
 *       prefix, Luhn) with a digit-count pre-check; regexes for cards are either slow or noisy, and
 *       Luhn alone still masks one random 16-digit id in ten. Epoch timestamps start with 1, which no
 *       major network uses, so they are never mistaken for cards.</li>
 *   <li>Every other value rule has a substring pre-check, so a typical value costs a few
 *       {@code indexOf} calls and no regex.</li>
 *   <li>Masks say what was removed ({@code [REDACTED:card]}) and counts per service and rule
 *       ({@link dev.sightline.pipeline.redaction.PrivacyReport}) tell a team which service leaks what.</li>
 * </ul>
 */
package dev.sightline.pipeline.redaction;
