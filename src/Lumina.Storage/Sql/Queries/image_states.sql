-- Every image of a catalog with the steps of the required set ($2: {"step": version}) it lacks.
SELECT * FROM lumina.image_states($1, $2);
