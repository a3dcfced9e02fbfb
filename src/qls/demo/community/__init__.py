"""The demo's community: celebrations, glossary, resources, forum and e-learning."""
