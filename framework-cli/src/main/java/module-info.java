/** The bussdcc command-line launcher. */
module io.bussdcc.cli {
    requires io.bussdcc.runtime;
}
