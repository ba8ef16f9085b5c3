/**
 * An example bussdcc application: a greenhouse monitor with a simulated thermometer, a polling
 * service, an alarm process and a dashboard widget. Put it on the module path of
 * {@code bussdcc run} (the launcher's image contains it) and it runs.
 *
 * @provides io.bussdcc.api.spi.DeviceProvider the simulated thermometer, {@code device.greenhouse}
 * @provides io.bussdcc.api.spi.ServiceProvider the polling service, {@code service.greenhouse}
 * @provides io.bussdcc.api.spi.ProcessProvider the alarm process, {@code process.greenhouse}
 * @provides io.bussdcc.api.spi.MessageTypeProvider SensorReading, Alarm, AlarmCleared
 * @provides io.bussdcc.web.spi.WebPlugin the dashboard widget and {@code GET /greenhouse/summary}
 */
module io.bussdcc.examples.greenhouse {
    requires transitive io.bussdcc.api;
    // The dashboard widget and its route: a WebPlugin (Helidon routing), its JSON with Jackson.
    requires io.bussdcc.web;
    requires tools.jackson.core;

    // The messages are read and written by the codec through their public accessors.
    exports io.bussdcc.examples.greenhouse;

    provides io.bussdcc.api.spi.DeviceProvider
            with io.bussdcc.examples.greenhouse.internal.GreenhouseDeviceProvider;
    provides io.bussdcc.api.spi.ServiceProvider
            with io.bussdcc.examples.greenhouse.internal.GreenhouseServiceProvider;
    provides io.bussdcc.api.spi.ProcessProvider
            with io.bussdcc.examples.greenhouse.internal.GreenhouseProcessProvider;
    provides io.bussdcc.api.spi.MessageTypeProvider
            with io.bussdcc.examples.greenhouse.internal.GreenhouseMessageTypes;
    provides io.bussdcc.web.spi.WebPlugin
            with io.bussdcc.examples.greenhouse.internal.GreenhouseWebPlugin;
}
