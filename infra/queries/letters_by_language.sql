-- Letters per language of the page they were written on, of one campaign;
-- empty (null) for letters stored before the language was.
SELECT language, count(*) AS letters
FROM letters
WHERE campaign = ?
GROUP BY language
ORDER BY letters DESC, language
