"""Guided stretching routines: poses, drawings and routine sessions."""
