/** How the greenhouse contributes itself to a runtime composed from the module path: its providers. */
package io.bussdcc.examples.greenhouse.internal;
