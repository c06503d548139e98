-- How many letters of one campaign carry the supporter's own words: edited,
-- or with a paragraph of theirs. The summary's total, edited and own_words.
SELECT
  count(*) AS letters,
  sum(CASE WHEN edited THEN 1 ELSE 0 END) AS edited,
  sum(CASE WHEN in_own_words THEN 1 ELSE 0 END) AS own_words
FROM letters
WHERE campaign = ?
