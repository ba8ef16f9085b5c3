package io.bussdcc.identity;

/**
 * What identity needs from {@code /proc/cpuinfo}: lines {@code key<TAB>: value}, one block per
 * processor, then (on ARM boards) lines about the whole machine.
 *
 * @param modelName  the first {@code model name} (x86, 32-bit ARM)
 * @param hardware   {@code Hardware}: the SoC on ARM boards, e.g. {@code BCM2835}
 * @param serial     {@code Serial}: the board serial on Raspberry Pi
 * @param model      {@code Model}: the board model on Raspberry Pi
 * @param processors the number of {@code processor} lines
 */
record CpuInfo(String modelName, String hardware, String serial, String model, int processors) {

    static final CpuInfo NONE = new CpuInfo(null, null, null, null, 0);

    /** Parses {@code text}; {@link #NONE} for {@code null}. The first occurrence of a key wins. */
    static CpuInfo parse(String text) {
        if (text == null) {
            return NONE;
        }
        String modelName = null;
        String hardware = null;
        String serial = null;
        String model = null;
        int processors = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = SystemFiles.clean(line.substring(colon + 1));
            switch (key) {
                case "processor" -> processors++;
                case "model name" -> modelName = modelName == null ? value : modelName;
                case "Hardware" -> hardware = hardware == null ? value : hardware;
                case "Serial" -> serial = serial == null ? value : serial;
                case "Model" -> model = model == null ? value : model;
                default -> { }
            }
        }
        return new CpuInfo(modelName, hardware, serial, model, processors);
    }
}
