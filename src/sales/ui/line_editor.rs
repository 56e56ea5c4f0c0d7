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
    let full = move || rows.get() >= MAX_LINES;
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
                            {["description", "quantity", "unit", "unit_price", "discount", "taxable", "optional"]
                                .into_iter()
                                .map(|name| view! { <th scope="col">{column_heading(name)}</th> })
                                .collect_view()}
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
                disabled=full
                on:click=move |_| rows.update(|rows| *rows = (*rows + 1).min(MAX_LINES))
            >
                "Add line"
            </button>
        </fieldset>
    }
}

/// The column's heading, which a phone shows beside each field.
fn column_heading(name: &str) -> &'static str {
    match name {
        "description" => "Description",
        "quantity" => "Quantity",
        "unit" => "Unit",
        "unit_price" => "Unit price",
        "discount" => "Discount %",
        "taxable" => "Taxable",
        _ => "Optional",
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
        let heading = column_heading(name);
        let field = format!("lines[{index}][{name}]");
        let id = format!("line-{index}-{name}");
        let error_id = format!("{id}-error");
        let message = Signal::derive({
            let field = field.clone();
            move || error.get().and_then(|e| e.message_for(&field))
        });
        view! {
            <td data-label=heading>
                <input
                    id=id
                    class=class
                    name=format!("input[lines][{index}][{name}]")
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
            <td class="line-editor__check" data-label=column_heading(name)>
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
