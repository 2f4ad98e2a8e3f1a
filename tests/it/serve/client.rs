//! A tiny blocking HTTP/1.1 client over `TcpStream`, so tests send request targets exactly as
//! written (real clients normalise `..` away) and read Server-Sent Events line by line.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// How long any read may block before the test fails instead of hanging.
const READ_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One keep-alive connection.
pub struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    pub fn connect(addr: SocketAddr) -> io::Result<Client> {
        let stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        Ok(Client {
            reader: BufReader::new(stream),
        })
    }

    /// Sends `method target` and reads the whole reply (the connection stays open).
    pub fn request(&mut self, method: &str, target: &str) -> io::Result<Reply> {
        self.request_with(method, target, "")
    }

    /// Like [`Client::request`], with `extra` header lines (each ending in `\r\n`).
    pub fn request_with(&mut self, method: &str, target: &str, extra: &str) -> io::Result<Reply> {
        let request = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n");
        self.reader.get_mut().write_all(request.as_bytes())?;
        read_reply(&mut self.reader, method == "HEAD")
    }
}

/// `GET target` on a fresh connection.
pub fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target)
}

/// `GET target` with an `Accept-Encoding` header on a fresh connection.
pub fn get_encoded(addr: SocketAddr, target: &str, accept: &str) -> Reply {
    Client::connect(addr)
        .and_then(|mut client| {
            client.request_with("GET", target, &format!("Accept-Encoding: {accept}\r\n"))
        })
        .unwrap_or_else(|error| panic!("GET {target}: {error}"))
}

pub fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    Client::connect(addr)
        .and_then(|mut client| client.request(method, target))
        .unwrap_or_else(|error| panic!("{method} {target}: {error}"))
}

fn read_reply(reader: &mut BufReader<TcpStream>, head_only: bool) -> io::Result<Reply> {
    let (status, headers) = read_head(reader)?;
    let length = headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok());
    let mut body = Vec::new();
    match (head_only, length) {
        (true, _) => {}
        (false, Some(length)) => {
            body.resize(length, 0);
            reader.read_exact(&mut body)?;
        }
        (false, None) => {
            reader.read_to_end(&mut body)?;
        }
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

fn read_head(reader: &mut impl BufRead) -> io::Result<(u16, Vec<(String, String)>)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::Error::other("connection closed inside the head"));
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            return Ok((status, headers));
        }
        if let Some((key, value)) = trimmed.split_once(':') {
            headers.push((key.trim().to_string(), value.trim().to_string()));
        }
    }
}

/// An open Server-Sent Events stream.
pub struct EventStream {
    reader: BufReader<TcpStream>,
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub data: String,
}

impl EventStream {
    pub fn open(addr: SocketAddr, target: &str) -> io::Result<EventStream> {
        let mut stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        let request = format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        );
        stream.write_all(request.as_bytes())?;
        let mut reader = BufReader::new(stream);
        let (status, headers) = read_head(&mut reader)?;
        Ok(EventStream {
            reader,
            status,
            headers,
        })
    }

    /// The next named event (comments and `retry:` lines are skipped); `None` at end of stream.
    pub fn next_event(&mut self) -> io::Result<Option<Event>> {
        let (mut name, mut data) = (String::new(), String::new());
        let mut line = String::new();
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() {
                    return Ok(Some(Event { name, data }));
                }
            } else if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = value.to_string();
            }
        }
    }

    /// Skips events until one named `name` arrives.
    pub fn wait_for(&mut self, name: &str) -> Event {
        loop {
            match self.next_event() {
                Ok(Some(event)) if event.name == name => return event,
                Ok(Some(_)) => {}
                Ok(None) => panic!("stream ended while waiting for `{name}`"),
                Err(error) => panic!("waiting for `{name}`: {error}"),
            }
        }
    }
}
