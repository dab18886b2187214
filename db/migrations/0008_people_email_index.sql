-- Sign-in finds a person by the e-mail address the OpenID provider vouches
-- for (issue #12), compared without regard to case.
CREATE INDEX people_email ON people(email COLLATE NOCASE);
