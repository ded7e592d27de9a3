"""Teaching: the seminar's questions and exercises, the student's and instructor's handouts,
and grading a class's notebooks in a sandbox."""
