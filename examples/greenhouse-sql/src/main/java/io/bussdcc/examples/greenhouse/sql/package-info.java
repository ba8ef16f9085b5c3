/**
 * The greenhouse's threshold profiles in SQL ({@link io.bussdcc.examples.greenhouse.sql.ProfileStore})
 * and the recorder's events per hour ({@link io.bussdcc.examples.greenhouse.sql.EventsPerHour}).
 */
package io.bussdcc.examples.greenhouse.sql;
