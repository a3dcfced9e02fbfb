"""Models of the community's celebrations (app label ``community``)."""
