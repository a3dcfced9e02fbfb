"""Learning: coaches and mentors, QI clinics, action learning sets and improvement programmes."""
