//! The lines of an estimate as form rows: `input[lines][N][...]`. The form
//! offers a few blank rows below the lines it has, so it works before the
//! WebAssembly arrives; "Add line" adds more. The server skips blank rows.

use leptos::prelude::*;

use crate::components::field::FieldError;
use crate::error::AppError;
use crate::sales::{LineInput, BLANK_LINE_ROWS, MAX_LINES};

#[component]
pub fn LineEditor(
    lines: Vec<LineInput>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let rows = RwSignal::new(lines.len() + BLANK_LINE_ROWS);
    let lines = StoredValue::new(lines);
    view! {
        <fieldset class="line-editor">
            <legend>"Lines"</legend>
            <p class="field__hint">
                {format!(
                    "Up to {MAX_LINES} lines. Quantities take up to 3 decimals, prices up to 2. Tick “Optional” for a line the customer may choose to take."
                )}
            </p>
            <div class="table-wrap">
                <table class="table line-editor__table">
                    <thead>
                        <tr>
                            <th scope="col">"Description"</th>
                            <th scope="col">"Quantity"</th>
                            <th scope="col">"Unit"</th>
                            <th scope="col">"Unit price"</th>
                            <th scope="col">"Discount %"</th>
                            <th scope="col">"Taxable"</th>
                            <th scope="col">"Optional"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || 0..rows.get() key=|index| *index let:index>
                            <LineRow
                                index
                                line=lines.with_value(|lines| lines.get(index).cloned())
                                error
                            />
                        </For>
                    </tbody>
                </table>
            </div>
            <button
                type="button"
                class="button button--small"
                disabled=move || rows.get() >= MAX_LINES
                on:click=move |_| rows.update(|rows| *rows = (*rows + 1).min(MAX_LINES))
            >
                "Add line"
            </button>
        </fieldset>
    }
}

#[component]
fn LineRow(
    index: usize,
    line: Option<LineInput>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let is_new = line.is_none();
    let line = line.unwrap_or_else(|| LineInput {
        taxable: true,
        ..Default::default()
    });
    let number = index + 1;
    let cell = move |name: &'static str,
                     label: &'static str,
                     value: String,
                     class: &'static str| {
        let field = format!("lines[{index}][{name}]");
        let id = format!("line-{index}-{name}");
        let error_id = format!("{id}-error");
        let message = Signal::derive({
            let field = field.clone();
            move || error.get().and_then(|e| e.message_for(&field))
        });
        view! {
            <td>
                <input
                    id=id
                    class=class
                    name=format!("input[{field}]")
                    value=value
                    aria-label=format!("Line {number} {label}")
                    aria-describedby=error_id.clone()
                    aria-invalid=move || message.get().is_some().then_some("true")
                    inputmode=if name == "description" || name == "unit" { None } else { Some("decimal") }
                />
                <FieldError id=error_id message />
            </td>
        }
    };
    let check = move |name: &'static str, label: &'static str, checked: bool| {
        view! {
            <td class="line-editor__check">
                <input
                    type="checkbox"
                    name=format!("input[lines][{index}][{name}]")
                    value="true"
                    checked=checked
                    aria-label=format!("Line {number} {label}")
                />
            </td>
        }
    };
    view! {
        <tr class:line-editor__blank=is_new>
            {cell("description", "description", line.description, "line-editor__description")}
            {cell("quantity", "quantity", line.quantity, "line-editor__number")}
            {cell("unit", "unit", line.unit, "line-editor__unit")}
            {cell("unit_price", "unit price", line.unit_price, "line-editor__number")}
            {cell("discount", "discount", line.discount, "line-editor__number")}
            {check("taxable", "taxable", line.taxable)}
            {check("optional", "optional", line.optional)}
        </tr>
    }
}
