"""Assessment pages: learner, files, grading, and management (one module each)."""
