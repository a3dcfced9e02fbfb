"""Models of the community's resources (app label ``community``)."""
