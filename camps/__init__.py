"""Materials for pupils aged 8–15: summer STEM camps, robotics playgrounds, Fablab sessions.

A separate app because these pages stand alone: they are public, need no
account, and collect no personal data. Children and parents browse them
freely; nothing here links to enrolment, progress or any form, so no
child's data can enter the system through them (a session that needs a
child's details asks a parent's consent elsewhere, on paper or in a
future module built for it).
"""
