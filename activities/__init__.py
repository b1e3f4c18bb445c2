"""Activities people come to in person: camps, robotics playground days, Fablab sessions, workshops,
trainings and start-up days; their sessions, registrations (children through a guardian), consent,
check-in at the door and walk-ins.

It stands alone because its people are not learners of a class: children have no account and are
registered by a guardian who proves an e-mail address with a one-time code, adults may come without
an account, and what is counted is a participation at a session, not a seat in a course. It sits
above ``certificates`` (participation certificates use that engine) and below ``reports``, which
counts its participations against the programmes' targets.
"""
