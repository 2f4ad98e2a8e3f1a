//! Page numbers of a live index: a page keeps its number while it is edited, a new page takes the
//! next free number, and a page that goes away hands its number to the last page (so numbers stay
//! `0..len` with no hole and only one other page is renumbered).

use std::collections::HashMap;

/// Which page (by URL) has which number.
#[derive(Debug, Default)]
pub struct Numbering {
    urls: Vec<String>,
    numbers: HashMap<String, u32>,
}

/// A page that took the number of one that went away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub url: String,
    pub from: u32,
    pub to: u32,
}

impl Numbering {
    /// Numbers given in the order of `urls`.
    pub fn of(urls: impl IntoIterator<Item = String>) -> Numbering {
        let mut numbering = Numbering::default();
        for url in urls {
            numbering.push(url);
        }
        numbering
    }

    pub fn number(&self, url: &str) -> Option<u32> {
        self.numbers.get(url).copied()
    }

    /// The URLs by number.
    pub fn urls(&self) -> &[String] {
        &self.urls
    }

    /// Gives `url` the next number.
    pub fn push(&mut self, url: String) -> u32 {
        let number = self.urls.len() as u32;
        self.numbers.insert(url.clone(), number);
        self.urls.push(url);
        number
    }

    /// Takes `url`'s number away; the last page moves into it (unless `url` was the last).
    pub fn remove(&mut self, url: &str) -> Option<Moved> {
        let to = self.numbers.remove(url)?;
        self.urls.swap_remove(to as usize);
        let moved = self.urls.get(to as usize)?.clone();
        self.numbers.insert(moved.clone(), to);
        Some(Moved {
            url: moved,
            from: self.urls.len() as u32,
            to,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_page_hands_its_number_to_the_last() {
        let mut numbering = Numbering::of(["/a/", "/b/", "/c/"].map(String::from));
        assert_eq!(
            numbering.remove("/a/"),
            Some(Moved {
                url: "/c/".into(),
                from: 2,
                to: 0
            })
        );
        assert_eq!(numbering.urls(), ["/c/", "/b/"]);
        assert_eq!(numbering.number("/c/"), Some(0));
        assert_eq!(numbering.remove("/b/"), None, "the last page moves nobody");
        assert_eq!(numbering.push("/d/".into()), 1);
        assert_eq!(numbering.remove("/x/"), None);
        assert_eq!(numbering.urls(), ["/c/", "/d/"]);
    }
}
