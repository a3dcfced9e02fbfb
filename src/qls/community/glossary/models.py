"""Models of the community's glossary (app label ``community``)."""
