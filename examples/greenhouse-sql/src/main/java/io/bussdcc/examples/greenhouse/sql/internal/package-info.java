/** How the greenhouse's database half contributes itself: its message type and its web plugin. */
package io.bussdcc.examples.greenhouse.sql.internal;
