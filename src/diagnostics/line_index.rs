//! Byte offset -> 1-based line and column, the one place the project does this conversion.
//!
//! Columns count Unicode scalar values, so a caret under `é` lands where an editor puts it.

use std::ops::Range;

/// Start offsets of every line of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// 0-based line containing `offset` (offsets past the end belong to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of 0-based `line`, without its line break; `None` past the last line.
    pub fn line_range(&self, text: &str, line: usize) -> Option<Range<usize>> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let content = text.get(start..end)?;
        let trimmed = content.trim_end_matches(['\n', '\r']).len();
        Some(start..start + trimmed)
    }

    /// Byte range of 0-based `line` including its line break; `None` past the last line.
    pub fn line_bounds(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        Some(start..end)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based (line, column) of `offset`; the column counts characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.starts[line];
        let mut end = offset.min(text.len());
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text.get(start..end).map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_byte_is_line_one_column_one() {
        let text = "abc\ndef\n";
        assert_eq!(LineIndex::new(text).line_col(text, 0), (1, 1));
    }

    #[test]
    fn offsets_after_a_newline_start_the_next_line() {
        let text = "abc\ndef\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), (1, 4));
        assert_eq!(index.line_col(text, 4), (2, 1));
        assert_eq!(index.line_col(text, 6), (2, 3));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é→x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x), (1, 3));
    }

    #[test]
    fn offsets_past_the_end_clamp_to_the_last_line() {
        let text = "a\nbc";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 99), (2, 3));
        assert_eq!(index.line_count(), 2);
    }

    #[test]
    fn line_range_excludes_crlf() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_range(text, 0), Some(0..2));
        assert_eq!(index.line_range(text, 1), Some(4..6));
        assert_eq!(index.line_range(text, 2), None);
    }

    #[test]
    fn offset_inside_a_multibyte_char_does_not_panic() {
        let text = "é";
        assert_eq!(LineIndex::new(text).line_col(text, 1), (1, 1));
    }
}
