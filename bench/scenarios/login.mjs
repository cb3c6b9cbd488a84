// The login scenario: POST /api/auth/token (username and password → JWT), paced at BENCH_LOGIN_RATE logins/s
// offered over every generated user in turn (the per-username lockout and the login rate limiter never see
// one user hammered; the bench server's LOGIN_RATE_LIMIT_PER_MINUTE is set far above the rate anyway).
// bcrypt dominates: the generated users' hashes have cost 10 (scripts/generate-data.ts), so each login costs
// one cost-10 bcrypt compare (tens of ms of one core) whatever the server's BCRYPT_ROUNDS.
export async function loginScenario(kit, { url, appUrl, label, rate, connections }, rows, notes) {
  const users = await kit.withClient(url, async (client) =>
    (await client.query(`select username from users where username like 'gen-%' order by username`)).rows.map(
      (row) => row.username,
    ),
  );
  kit.log(
    `login (${label}): ${rate} logins/s offered over ${users.length} users, ${connections} connections`,
  );
  const result = await kit.paced({
    url: appUrl,
    requestFor: (index) => ({
      method: 'POST',
      path: '/api/auth/token',
      body: JSON.stringify({ username: users[index % users.length], password: 'generated-data-password' }),
    }),
    connections,
    rate,
    expect: 200,
  });
  rows.push({ name: `login POST /api/auth/token, ${label} (bcrypt cost 10)`, connections, rate, ...result });
  notes.push(`- login: ${users.length} generated users in turn`);
  notes.push(...kit.errorNote(`login, ${label}`, result));
}
