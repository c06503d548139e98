//! The message read by roxmltree, a strict XML 1.0 parser independent of
//! the quick-xml our builder writes with, into a tree the stand-in owns.
//! Like the services' parsers (HSRV parses strictly and answers 400 to any
//! error), it refuses what is not well-formed: a character XML 1.0 forbids,
//! even as a reference (W3C §2.2), markup left unescaped, a second
//! document, an unknown entity, a DTD. CDATA sections are text (HSRV takes
//! characters in CDATA that it refuses outside).

/// An element: its name, its text as written (references resolved, CDATA
/// included), its child elements in order.
#[derive(Debug, Default, Clone)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    /// The first child called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// The text at `path` below this element, if it is there.
    pub fn text_at(&self, path: &[&str]) -> Option<&str> {
        path.iter()
            .try_fold(self, |element, name| element.child(name))
            .map(|element| element.text.as_str())
    }
}

/// The document's root element, or every problem found.
pub fn parse(xml: &str) -> Result<Element, Vec<String>> {
    let document = roxmltree::Document::parse(xml)
        .map_err(|error| vec![format!("the message is not well-formed XML: {error}")])?;
    let mut problems = Vec::new();
    let root = own(document.root_element(), &mut problems);
    if problems.is_empty() {
        Ok(root)
    } else {
        Err(problems)
    }
}

fn own(node: roxmltree::Node, problems: &mut Vec<String>) -> Element {
    let name = node.tag_name().name().to_owned();
    // RNG-frag: the grammar's elements are in no namespace (`ns=""`), and
    // it defines no attributes, which a RelaxNG element then refuses.
    if let Some(namespace) = node.tag_name().namespace() {
        problems.push(format!(
            "{name} is in the namespace {namespace}, not in none"
        ));
    }
    for attribute in node.attributes() {
        problems.push(format!(
            "{name} must carry no attribute, not {}",
            attribute.name()
        ));
    }
    let mut element = Element {
        name,
        ..Element::default()
    };
    for child in node.children() {
        if child.is_element() {
            element.children.push(own(child, problems));
        } else if let Some(text) = child.text().filter(|_| child.is_text()) {
            element.text.push_str(text);
        }
    }
    element
}
