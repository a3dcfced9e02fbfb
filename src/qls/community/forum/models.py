"""Models of the community's forum (app label ``community``)."""
