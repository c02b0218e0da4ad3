// The crontab reader: what each kind of line becomes, and every refused line
// named with its line, column and reason.
import { describe, expect, it } from 'vitest';
import { keyFromCommand, parseCrontab } from '../../../server/jobs/parse-crontab';
import { formatProblem } from '../../../server/jobs/problems';

const problems = (text: string) => parseCrontab({ text, display: 'crontab' }).problems.map(formatProblem);

describe('keyFromCommand', () => {
  it.each([
    ['/usr/local/bin/backup.sh --full >> /var/log/backup.log 2>&1', 'backup'],
    ['php /var/www/artisan schedule:run', 'artisan-schedule-run'],
    ['cd /srv/reports && ./weekly.sh', 'weekly'],
    ['sudo -u www nice -n 10 python3 /opt/app/manage.py clearsessions', 'manage-clearsessions'],
    ['curl -fsS https://status.example.com/ping > /dev/null', 'curl-ping'],
    ['find /tmp -mtime +7 -delete', 'find-tmp'],
  ])('%s → %s', (command, key) => expect(keyFromCommand(command)).toBe(key));
});

describe('parseCrontab', () => {
  it('keeps the env and timezone lines for the entries below, and only the comments right above an entry', () => {
    const { jobs } = parseCrontab({
      display: 'crontab',
      text: '# header\n\nPATH=/bin\n# first\n0 1 * * * a.sh\nTZ="America/New_York"\nLANG = C\n@daily a.sh\n',
    });
    expect(jobs.map((j) => j.document)).toEqual([
      { id: 'a', name: 'first', description: 'first', command: 'a.sh', schedule: '0 1 * * *', env: { PATH: '/bin' } },
      { id: 'a-2', name: 'a.sh', command: 'a.sh', schedule: '@daily', timezone: 'America/New_York', env: { PATH: '/bin', LANG: 'C' } },
    ]);
  });

  it('names the line, the column and the reason of every refused line', () => {
    expect(
      problems('0 25 * * * x\n@reboot start.sh\n@nightly x\n0 1 * * *\nrm -rf /tmp/x\n* * * * * echo 50%\nCRON_TZ=Mars/Base\n'),
    ).toEqual([
      'crontab:1:3: schedule: hour: 25 is out of range 0-23',
      'crontab:2:1: schedule: @reboot is not supported: Cronboard runs tasks on a schedule, not at boot (start it from your init system)',
      "crontab:3:1: schedule: unknown macro '@nightly' (use one of @yearly @annually @monthly @weekly @daily @midnight @hourly)",
      'crontab:4:1: schedule: expected 5 time fields (minute hour day-of-month month day-of-week) and a command',
      'crontab:5:1: is not a crontab entry (expected "m h dom mon dow command", "@daily command", NAME=value or a # comment)',
      'crontab:6:18: command: an unescaped % (crontab sends the rest of the line as stdin, which Cronboard does not do): write \\% for a literal %',
      "crontab:7:1: CRON_TZ: unknown timezone 'Mars/Base'",
    ]);
  });
});
