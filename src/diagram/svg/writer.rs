//! Low-level output helpers: escaping and fixed-precision numbers, so output is safe and
//! byte-identical across runs and platforms.

/// A coordinate with one decimal; non-finite values (which the layout must never produce) print as 0.
pub fn num(value: f64) -> String {
    let value = if value.is_finite() { value } else { 0.0 };
    let tenths = value * 10.0;
    // `{:.1}` rounds the exact decimal value, half to even, and is slow when it has to work that
    // out (most coordinates sit on a 1/64 grid); away from a half the product rounds the same way.
    let fraction = (tenths - tenths.trunc()).abs();
    if tenths.abs() < 1e15 && (fraction - 0.5).abs() > 1e-6 {
        return tenths_text(tenths.round() as i64);
    }
    if tenths.abs() < 1e15 && is_exact_tie(value) {
        return tenths_text(tenths.round_ties_even() as i64);
    }
    let text = format!("{value:.1}");
    if text == "-0.0" {
        "0.0".to_string()
    } else {
        text
    }
}

/// Whether `value`'s exact decimal ends in 5 at the hundredths: only odd multiples of 1/4 do (a
/// binary fraction with 20 in its denominator must have 4), and for those `value * 10` is exact.
fn is_exact_tie(value: f64) -> bool {
    let quarters = value * 4.0;
    quarters.fract() == 0.0 && quarters.rem_euclid(2.0) == 1.0
}

/// `tenths / 10` with one decimal, written without the formatting machinery (the figure prints
/// thousands of these).
fn tenths_text(tenths: i64) -> String {
    let mut text = String::with_capacity(24);
    if tenths < 0 {
        text.push('-');
    }
    let tenths = tenths.unsigned_abs();
    let mut digits = [0u8; 20];
    let (mut whole, mut start) = (tenths / 10, digits.len());
    loop {
        start -= 1;
        digits[start] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    digits[start..]
        .iter()
        .for_each(|&d| text.push(char::from(d)));
    text.push('.');
    text.push(char::from(b'0' + (tenths % 10) as u8));
    text
}

/// Escapes text for element content and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0; drop them rather than emit invalid SVG.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A string safe to use inside a CSS class name: lower-case letters, digits and `-`.
pub fn class_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_precision() {
        assert_eq!(num(1.0), "1.0");
        assert_eq!(num(2.25), "2.2");
        assert_eq!(num(-0.01), "0.0");
        assert_eq!(num(f64::NAN), "0.0");
    }

    #[test]
    fn the_quick_path_prints_what_exact_formatting_prints() {
        let samples = (-20_000..20_000)
            .map(|k| f64::from(k) / 64.0)
            .chain((-3_000..3_000).map(|k| f64::from(k) * 0.137 + 0.05))
            .chain([
                1e15, -1e16, 123456.75, 0.25, 0.35, 2.45, -0.25, -0.75, -2.75,
            ])
            .chain([-1e-9, 99999999999999.75, 1e14 + 0.25, 0.05, -0.05]);
        for value in samples {
            let exact = format!("{value:.1}");
            let exact = if exact == "-0.0" { "0.0".into() } else { exact };
            assert_eq!(num(value), exact, "{value}");
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("a\u{0}b"), "ab");
    }

    #[test]
    fn classes_are_sanitised() {
        assert_eq!(class_safe("postgres+TLS"), "postgres-tls");
    }
}
