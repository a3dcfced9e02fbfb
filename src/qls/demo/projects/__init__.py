"""The demo's QI projects."""
