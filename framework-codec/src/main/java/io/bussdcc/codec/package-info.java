/**
 * The event codec: {@link io.bussdcc.codec.EventCodec} and its exceptions.
 *
 * <h2>Wire format</h2>
 * An event is one JSON object {@code {"time":…,"type":…,"data":{…}}}:
 * <ul>
 *   <li>{@code time} — ISO-8601 in UTC with a {@code Z}, nanoseconds kept, only as many
 *       fraction digits as needed ({@code 2026-03-09T23:45:02.5Z}). Read also accepts any
 *       explicit offset ({@code +00:00} as the Python original writes); a time without an
 *       offset is rejected.</li>
 *   <li>{@code type} — the registry's name of the message type.</li>
 *   <li>{@code data} — the record's components by name ({@link io.bussdcc.api.WireName}
 *       renames one).</li>
 * </ul>
 *
 * <h2>Values</h2>
 * <table>
 *   <caption>How component values are written</caption>
 *   <tr><th>Java type</th><th>JSON</th></tr>
 *   <tr><td>{@code String}, {@code char}</td><td>string</td></tr>
 *   <tr><td>{@code boolean}</td><td>{@code true}/{@code false}</td></tr>
 *   <tr><td>{@code byte short int long}</td><td>integer (range-checked on read)</td></tr>
 *   <tr><td>{@code float double}</td><td>shortest decimal that reads back to the same bits;
 *       NaN and infinities as the strings {@code "NaN" "Infinity" "-Infinity"} (read bare
 *       too)</td></tr>
 *   <tr><td>{@code Instant}</td><td>string, as {@code time} above</td></tr>
 *   <tr><td>{@code OffsetDateTime LocalDateTime LocalDate LocalTime}</td><td>ISO-8601 string</td></tr>
 *   <tr><td>{@code Duration}</td><td>ISO-8601 string ({@code PT1.5S})</td></tr>
 *   <tr><td>{@code Path UUID}</td><td>string</td></tr>
 *   <tr><td>enum</td><td>the constant's name, or its wire value ({@link io.bussdcc.api.WireValue})</td></tr>
 *   <tr><td>{@code Optional<T>}</td><td>the value, or {@code null} when empty</td></tr>
 *   <tr><td>{@code List<T> Set<T>}</td><td>array, in iteration order</td></tr>
 *   <tr><td>{@code Map<String,V>}</td><td>object, in iteration order</td></tr>
 *   <tr><td>{@code Map<K,V>}, other {@code K}</td><td>array of {@code [key, value]} pairs, or
 *       an object with string keys for a type from Python; both read</td></tr>
 *   <tr><td>record</td><td>object of its components; an array for a
 *       {@link io.bussdcc.api.WireTuple} record</td></tr>
 *   <tr><td>{@code Object}</td><td>a string, number, boolean or null</td></tr>
 *   <tr><td>{@code Event<?>}</td><td>{@code {"time","type","data"}} as at the top level</td></tr>
 * </table>
 * A {@code null} reference is {@code null}. Types from Python and every choice:
 * {@code docs/jsonl-log.md} and {@code docs/python.md}. Decoded collections are unmodifiable, keep the
 * recorded order (so re-encoding a decoded message gives the same bytes) and may hold nulls.
 */
package io.bussdcc.codec;
