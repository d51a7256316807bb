-- The benchmark's demo data set, run by app.citas.dev.SeedDemo (scripts/seed-demo.sh) in one transaction on
-- empty application tables, after it has filled the temporary table seed_params (today, user_hash, staff_hash).
-- Every value is arithmetic on generate_series indexes and seed_params.today: the same rows on every run of a day.
-- Each "-- step:" line starts a statement SeedDemo runs (and times) on its own.

-- step: categories
INSERT INTO categories (id, name)
SELECT i, (ARRAY['Hair', 'Beauty', 'Nails', 'Massage', 'Physiotherapy', 'Dental', 'Medical', 'Fitness',
                 'Car workshop', 'Bike workshop'])[i]
FROM generate_series(1, 10) i;

-- step: services
-- Service p + 1 (p = 0..199) is in category 1 + p / 20, named after its trade, and lasts 15 * (1 + p % 8) minutes.
INSERT INTO services (id, name, description, duration_minutes, price, currency, category_id, active)
SELECT p + 1,
       format('%s %s %s', adjective, noun, p % 20 + 1),
       format('%s %s, %s minutes (demo data).', adjective, noun, minutes),
       minutes,
       10.00 + (p % 8) * 20 + ((p * 7) % 11) * 4.75,   -- 10.00 .. 197.50
       'EUR', p / 20 + 1, true
FROM (SELECT p, 15 * (1 + p % 8) AS minutes,
             (ARRAY['Express', 'Classic', 'Premium', 'Deluxe', 'Gentle', 'Complete', 'Quick', 'Signature',
                    'Basic', 'Advanced'])[1 + p % 10] AS adjective,
             (ARRAY['haircut', 'facial', 'manicure', 'massage', 'physiotherapy session', 'dental check',
                    'medical consultation', 'personal training', 'car service', 'bike service'])[1 + p / 20] AS noun
      FROM generate_series(0, 199) p) s;

-- step: resources
-- 1-40 STAFF, 41-55 ROOM, 56-60 EQUIPMENT; Monday to Friday 09:00-13:00 and 14:00-18:00 in Europe/Madrid.
INSERT INTO resources (id, name, kind, description, timezone, active, working_hours)
SELECT r,
       CASE WHEN r <= 40 THEN (ARRAY['Ana', 'Luis', 'Marta', 'Jorge', 'Lucía', 'Pablo', 'Carmen', 'Javier', 'Elena',
                                     'Diego', 'Sofía', 'Álvaro', 'Paula', 'Sergio', 'Laura', 'Hugo', 'Irene', 'Raúl',
                                     'Nuria', 'Marcos'])[1 + (r - 1) % 20]
                              || ' ' || (ARRAY['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Martín',
                                               'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez',
                                               'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres',
                                               'Domínguez'])[1 + (r - 1) / 2]
            WHEN r <= 55 THEN 'Room ' || (r - 40)
            ELSE (ARRAY['Laser unit', 'Ultrasound scanner', 'X-ray unit', 'Car lift', 'Wheel balancer'])[r - 55]
       END,
       CASE WHEN r <= 40 THEN 'STAFF' WHEN r <= 55 THEN 'ROOM' ELSE 'EQUIPMENT' END,
       CASE WHEN r <= 40 THEN 'Staff member (demo data).' WHEN r <= 55 THEN 'Treatment room (demo data).'
            ELSE 'Equipment (demo data).' END,
       'Europe/Madrid', true, hours.periods
FROM generate_series(1, 60) r,
     (SELECT jsonb_agg(jsonb_build_object('weekday', d, 'start', h.starts, 'end', h.ends) ORDER BY d, h.starts)
             AS periods
      FROM generate_series(1, 5) d, (VALUES ('09:00', '13:00'), ('14:00', '18:00')) h(starts, ends)) hours;

-- step: resource services
-- Each resource works in one trade (category): staff 1-40 in categories 1-10 in turn, the treatment rooms in those
-- that use one (Beauty, Massage, Physiotherapy, Dental, Medical, Fitness), the laser unit in Beauty, the ultrasound
-- scanner in Physiotherapy, the X-ray unit in Dental, the car lift and the wheel balancer in the car workshop.
-- Resource r offers k = 5 + 7(r - 1) mod 16 services (5..20) of its category's 20: a run of consecutive ones
-- starting where the previous resource of that trade (by k, then r) ended, wrapping around within the category, so
-- every service is offered by two to six resources and every resource has one of at most 60 minutes.
INSERT INTO resource_services (resource_id, service_id)
SELECT r, 20 * (category - 1) + 1 + (start + j) % 20
FROM (SELECT r, category, k,
             coalesce(sum(k) OVER (PARTITION BY category ORDER BY k, r
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS start
      FROM (SELECT r, CASE WHEN r <= 40 THEN 1 + (r - 1) % 10
                           WHEN r <= 55 THEN (ARRAY[2, 4, 5, 6, 7, 8])[1 + (r - 41) % 6]
                           ELSE (ARRAY[2, 5, 6, 9, 9])[r - 55] END AS category,
                   5 + ((r - 1) * 7) % 16 AS k
            FROM generate_series(1, 60) r) trades) runs,
     generate_series(0, 19) j
WHERE j < k;

-- step: users
INSERT INTO users (username, email, full_name, password_hash, role, created_at)
SELECT 'user' || lpad(i::text, 4, '0'), 'user' || lpad(i::text, 4, '0') || '@example.com',
       (ARRAY['María', 'José', 'Carmen', 'Antonio', 'Ana', 'Manuel', 'Isabel', 'Francisco', 'Dolores', 'David',
              'Pilar', 'Juan', 'Teresa', 'Javier', 'Rosa', 'Daniel', 'Cristina', 'Carlos', 'Lucía', 'Miguel'])[1 + i % 20]
           || ' ' || (ARRAY['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez',
                            'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez',
                            'Romero', 'Alonso', 'Gutiérrez'])[1 + (i / 20) % 20],
       p.user_hash, 'USER',
       (p.today::timestamp AT TIME ZONE 'Europe/Madrid') - interval '400 days' + make_interval(mins => i)
FROM seed_params p, generate_series(1, 2000) i
ORDER BY i;

-- step: staff
INSERT INTO users (username, email, full_name, password_hash, role, created_at)
SELECT 'staff' || i, 'staff' || i || '@example.com', 'Demo Staff ' || i, p.staff_hash, 'STAFF',
       (p.today::timestamp AT TIME ZONE 'Europe/Madrid') - interval '401 days' + make_interval(mins => i)
FROM seed_params p, generate_series(1, 5) i
ORDER BY i;

-- step: appointment days
-- The weekdays (ISO 1-5) from 12 months before today to the day before 3 months after it, numbered from 0.
CREATE TEMPORARY TABLE seed_days ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY d) - 1)::bigint AS di, d::date AS day
FROM seed_params p,
     generate_series(p.today - interval '12 months', p.today + interval '3 months' - interval '1 day', interval '1 day') d
WHERE extract(isodow FROM d) <= 5;

-- step: appointment offers
-- Per resource, the services it offers (by id), and those that fit a 60-minute cell.
CREATE TEMPORARY TABLE seed_offers ON COMMIT DROP AS
SELECT rs.resource_id AS r,
       array_agg(s.id ORDER BY s.id) AS any_length,
       array_agg(s.id ORDER BY s.id) FILTER (WHERE s.duration_minutes <= 60) AS up_to_hour
FROM resource_services rs JOIN services s ON s.id = rs.service_id
GROUP BY rs.resource_id;

-- step: appointment customers
-- Customer number k (0..1999) is user k + 1, whatever id it got.
CREATE TEMPORARY TABLE seed_customers ON COMMIT DROP AS
SELECT substr(username, 5)::int - 1 AS k, id
FROM users
WHERE username ~ '^user[0-9]{4}$' AND substr(username, 5)::int BETWEEN 1 AND 2000;

-- step: appointments
-- Layout: each weekday has six cells, disjoint local time intervals inside the working hours (09-11, 11-12, 12-13,
-- 14-15, 15-16, 16-18). A candidate is (day, cell, resource), numbered m in that order; exactly 100,000 of them are
-- kept, evenly spread (m is kept when floor((m + 1) N / C) > floor(m N / C), and becomes appointment number n =
-- floor(m N / C), so kept candidates are numbered 0..N-1 in order). Each appointment lies inside its cell, so
-- a resource (one candidate per cell) never has two that overlap. The appointments of one cell have consecutive
-- numbers n, at most 60 of them, and the customer is n mod 2000, so they have distinct customers; appointments of
-- different cells never overlap in time. Every customer gets exactly 100000 / 2000 = 50 appointments.
INSERT INTO appointments (id, service_id, resource_id, customer_id, starts_at, ends_at, status, notes, cancel_reason,
                          created_at)
WITH params AS (
    SELECT p.today, 100000::bigint AS wanted, (SELECT count(*) FROM seed_days) * 6 * 60 AS capacity,
           p.today::timestamp AT TIME ZONE 'Europe/Madrid' AS today_start
    FROM seed_params p
), cells(c, starts, minutes) AS (
    VALUES (0, time '09:00', 120), (1, time '11:00', 60), (2, time '12:00', 60),
           (3, time '14:00', 60), (4, time '15:00', 60), (5, time '16:00', 120)
), kept AS (
    SELECT d.day, cl.starts, cl.minutes AS cell_minutes, r, m * p.wanted / p.capacity AS n
    FROM seed_days d CROSS JOIN cells cl CROSS JOIN generate_series(1, 60) r CROSS JOIN params p
    CROSS JOIN LATERAL (SELECT (d.di * 6 + cl.c) * 60 + (r - 1) AS m) numbered
    WHERE (m + 1) * p.wanted / p.capacity > m * p.wanted / p.capacity
), booked AS (
    SELECT k.*, s.id AS service_id, s.duration_minutes,
           -- local start: the cell's start plus a multiple of 15 minutes that still ends inside the cell; then
           -- Europe/Madrid's offset of that day (working hours never straddle a DST change, which happens at night)
           ((k.day + k.starts
                 + make_interval(mins => (15 * ((k.n / 3) % ((k.cell_minutes - s.duration_minutes) / 15 + 1)))::int))
               AT TIME ZONE 'Europe/Madrid') AS starts_at
    FROM kept k
    JOIN seed_offers o ON o.r = k.r
    JOIN services s ON s.id = CASE WHEN k.cell_minutes >= 120
                                   THEN o.any_length[(1 + k.n % cardinality(o.any_length))::int]
                                   ELSE o.up_to_hour[(1 + k.n % cardinality(o.up_to_hour))::int] END
)
SELECT b.n + 1, b.service_id, b.r, cu.id, b.starts_at, b.starts_at + make_interval(mins => b.duration_minutes),
       CASE WHEN b.n % 10 = 9 THEN 'CANCELLED'
            WHEN b.day >= p.today THEN 'CONFIRMED'
            WHEN b.n % 25 = 7 THEN 'NO_SHOW'
            ELSE 'COMPLETED' END,
       CASE WHEN b.n % 8 = 0 THEN (ARRAY['First visit', 'Please call on arrival', 'Allergic to latex',
                                          'Prefers the usual room'])[1 + (b.n / 8) % 4] END,
       CASE WHEN b.n % 10 = 9 THEN (ARRAY['Cannot make it', 'Feeling unwell', 'Booked by mistake',
                                           'Will book another day'])[1 + (b.n / 10) % 4] END,
       least(b.starts_at - make_interval(days => (1 + b.n % 30)::int, hours => (b.n % 9)::int),
             p.today_start - make_interval(hours => (1 + b.n % 72)::int))
FROM booked b
JOIN seed_customers cu ON cu.k = b.n % 2000
CROSS JOIN params p
ORDER BY b.n;

-- step: identity sequences
-- The catalog and appointment ids were given explicitly: move their sequences past them for the application.
SELECT setval(pg_get_serial_sequence('categories', 'id'), 10),
       setval(pg_get_serial_sequence('services', 'id'), 200),
       setval(pg_get_serial_sequence('resources', 'id'), 60),
       setval(pg_get_serial_sequence('appointments', 'id'), (SELECT max(id) FROM appointments));
