/**
 * HTML forms generated from message records: {@link io.bussdcc.web.form.Form} builds the model,
 * renders the inputs and decodes a submitted body back into the record through the codec;
 * {@link io.bussdcc.web.form.FormField} annotates record components; option lists are resolved
 * at render time by an {@link io.bussdcc.web.form.OptionSource}. See {@code docs/web.md}, "Forms".
 */
package io.bussdcc.web.form;
