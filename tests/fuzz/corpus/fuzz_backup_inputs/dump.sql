SET standard_conforming_strings = on;
COPY public.t (a) FROM stdin;
1	\N
\.
SELECT $$ \! $$, E'\'';
