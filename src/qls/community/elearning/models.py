"""Models of the community's elearning (app label ``community``)."""
