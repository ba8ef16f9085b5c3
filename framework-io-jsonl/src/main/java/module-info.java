/** JSONL sink (time-segmented) and source; the message codec on Jackson. */
module io.bussdcc.jsonl {
    requires io.bussdcc.api;
}
