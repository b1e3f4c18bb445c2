"""The library of model STEM lesson plans (giáo án STEM).

It stands apart from ``courses`` because a lesson plan is not course
content that enrolment guards: it is a public, printable reference that
follows the structure of MoET's letter 3089/BGDĐT-GDTrH (a problem, product
criteria and five activities), and it is what learners model their own
submitted lesson plans on.
"""
