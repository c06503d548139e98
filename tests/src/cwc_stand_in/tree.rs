//! The message read into a tree of elements, refusing what is not
//! well-formed XML, as the services' parsers do.

use quick_xml::Reader;
use quick_xml::events::Event;

/// An element: its name, its text (trimmed), its child elements in order.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

/// The document's root element.
pub fn parse(xml: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(xml);
    let mut open: Vec<Element> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|error| format!("the message is not well-formed XML: {error}"))?;
        match event {
            Event::Start(start) => open.push(Element {
                name: start.name().as_ref().to_owned(),
                ..Element::default()
            }),
            Event::Empty(empty) => {
                let element = Element {
                    name: empty.name().as_ref().to_owned(),
                    ..Element::default()
                };
                match open.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::Text(text) => {
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.xml10_content();
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("the message uses an unknown entity &{name};"))?
                        .to_owned(),
                };
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&resolved);
                }
            }
            Event::CData(_) => return Err("the message must not use CDATA sections".into()),
            Event::End(_) => {
                let mut done = open
                    .pop()
                    .ok_or("the message closes an element it never opened")?;
                done.text = done.text.trim().to_owned();
                match open.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            Event::Eof => return Err("the message ends before its root element closes".into()),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}
