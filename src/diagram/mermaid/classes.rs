//! `classDef`, `class` and `style` statements, which flowcharts and state diagrams write alike:
//! read from the cursor into [`ClassDef`]s and id lists, then applied to node looks through the
//! theme-safe mapping in [`super::style`]. What cannot be drawn is collected for the one warning
//! per block ([`super::build::ignored_warning`]).

use super::ast::{ClassDef, Prop};
use super::cursor::Cursor;
use super::style;
use super::text::props;
use crate::diagram::model::NodeLook;
use crate::diagram::syntax::{Spanned, syntax_error};
use crate::diagram::{Finding, Span};

/// A comma-separated list of words (`a,b,c`), possibly empty.
pub fn word_list(cursor: &mut Cursor) -> Vec<Spanned<String>> {
    let mut words = Vec::new();
    loop {
        cursor.skip_blanks();
        match cursor.take_word() {
            Some((w, span)) => words.push(Spanned {
                value: w.to_string(),
                span,
            }),
            None => break,
        }
        cursor.skip_blanks();
        if !cursor.eat(",") {
            break;
        }
    }
    words
}

/// A word list that must not be empty; the error names `what` was expected.
pub fn expect_words(
    cursor: &mut Cursor,
    errors: &mut Vec<Finding>,
    what: &str,
) -> Option<Vec<Spanned<String>>> {
    let words = word_list(cursor);
    if words.is_empty() {
        let (found, span) = cursor.token_here();
        errors.push(syntax_error(
            span,
            &format!("expected {what}, found {found}"),
            None,
        ));
        return None;
    }
    Some(words)
}

/// The `key:value,key:value` rest of the line (a trailing `%%` comment left out).
pub fn rest_props(cursor: &mut Cursor) -> Vec<Prop> {
    cursor.skip_blanks();
    let (line, span) = cursor.take_line();
    let text = line.split("%%").next().unwrap_or("");
    props(text, span.start)
}

/// `classDef a,b fill:...` after the keyword.
pub fn class_def(cursor: &mut Cursor, errors: &mut Vec<Finding>) -> Option<ClassDef> {
    let names = expect_words(cursor, errors, "a class name")?;
    Some(ClassDef {
        names: names.into_iter().map(|n| n.value).collect(),
        props: rest_props(cursor),
    })
}

/// `class a,b name` after the keyword; `ids` names what the list holds, for the error.
pub fn class_use(
    cursor: &mut Cursor,
    errors: &mut Vec<Finding>,
    ids: &str,
) -> Option<(Vec<Spanned<String>>, Spanned<String>)> {
    let targets = expect_words(cursor, errors, ids)?;
    let class = expect_words(cursor, errors, "a class name")?;
    Some((targets, class.into_iter().next()?))
}

/// `style a,b fill:...` after the keyword: the ids and their properties.
pub fn style(
    cursor: &mut Cursor,
    errors: &mut Vec<Finding>,
    id: &str,
) -> Option<(Vec<Spanned<String>>, Vec<Prop>)> {
    let targets = expect_words(cursor, errors, id)?;
    Some((targets, rest_props(cursor)))
}

/// Applies every class definition named in `names` to `look`; what cannot be drawn is noted at
/// the definition.
pub fn apply_classes(
    defs: &[ClassDef],
    names: &[String],
    look: &mut NodeLook,
    ignored: &mut Vec<(Span, String)>,
) {
    for name in names {
        for def in defs.iter().filter(|d| d.names.contains(name)) {
            // A definition without properties changes nothing.
            if let Some(first) = def.props.first() {
                apply_style(look, &def.props, first.span, ignored);
            }
        }
    }
}

/// Applies one `style` statement's properties to `look`; what cannot be drawn is noted at `span`.
pub fn apply_style(
    look: &mut NodeLook,
    props: &[Prop],
    span: Span,
    ignored: &mut Vec<(Span, String)>,
) {
    let mut lost = Vec::new();
    style::apply_node(look, props, &mut lost);
    if !lost.is_empty() {
        ignored.push((span, lost.join(", ")));
    }
}
