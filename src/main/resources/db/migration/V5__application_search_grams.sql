-- Application search (case-insensitive substring of name, description or client id) without reading every
-- application: every distinct three-character window of each lower-cased field, per application name. The
-- gateway writes these rows in the transaction that writes the application (store/SearchGrams); a search reads
-- the entries of the query's rarest trigram in name order and checks each candidate with the exact LIKE.
CREATE TABLE application_grams (
    gram   VARCHAR(12)   NOT NULL,
    name   VARCHAR(400)  NOT NULL,
    CONSTRAINT application_grams_pk PRIMARY KEY (gram, name)
);

-- The applications that exist already: one window per position of each field, positions 1..10000 from a table
-- made of digits (portable: no generator function), with a primary key so each field reads only its own range.
CREATE TABLE search_digits (d INTEGER NOT NULL);
INSERT INTO search_digits (d) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TABLE search_positions (n INTEGER NOT NULL PRIMARY KEY);
INSERT INTO search_positions (n)
SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d FROM search_digits a, search_digits b, search_digits c, search_digits e;
INSERT INTO application_grams (gram, name)
SELECT DISTINCT SUBSTRING(t.txt FROM p.n FOR 3), t.name
FROM (SELECT name, name_lower AS txt FROM applications
      UNION ALL SELECT name, LOWER(description) FROM applications
      UNION ALL SELECT name, LOWER(client_id) FROM applications) t
JOIN search_positions p ON p.n BETWEEN 1 AND CHAR_LENGTH(t.txt) - 2;
DROP TABLE search_positions;
DROP TABLE search_digits;
