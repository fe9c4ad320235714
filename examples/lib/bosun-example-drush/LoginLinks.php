<?php

namespace BosunExample;

/**
 * One-time login links as Drupal builds them (/user/reset/{uid}/{timestamp}/{hash}/login, the hash an
 * HMAC over timestamp, last login, uid and mail), kept in table one_time_login so each works once.
 */
final class LoginLinks
{
    public const TIMEOUT = 86400;

    public function __construct(private readonly Site $site)
    {
    }

    /** Two links asked for in the same second are the same link, as in Drupal: it is recorded once. */
    public function issue(array $account, string $baseUrl, int $now): string
    {
        $hash = $this->hash($account, $now);
        $this->site->database()->transaction(function (Database $db) use ($hash, $account, $now) {
            $known = $db->query('SELECT count(*) FROM one_time_login WHERE hash = ?', [$hash])->fetchColumn();
            if ((int) $known === 0) {
                $db->query('INSERT INTO one_time_login (hash, uid, issued) VALUES (?, ?, ?)', [$hash, $account['uid'], $now]);
            }
        });
        return rtrim($baseUrl, '/') . "/user/reset/{$account['uid']}/$now/$hash/login";
    }

    /** Uses a link: true once for a link issued within the timeout whose account did not log in since. */
    public function redeem(int $uid, int $timestamp, string $hash, int $now): bool
    {
        $db = $this->site->database();
        return $db->transaction(function (Database $db) use ($uid, $timestamp, $hash, $now) {
            $account = $db->query('SELECT uid, name, mail, pass, login, status FROM users WHERE uid = ?', [$uid])->fetch();
            $issued = $db->query('SELECT issued FROM one_time_login WHERE hash = ? AND uid = ? AND used IS NULL',
                [$hash, $uid])->fetchColumn();
            $valid = $account && $account['status'] && $issued !== false && (int) $issued === $timestamp
                && $timestamp <= $now && $now - $timestamp <= self::TIMEOUT
                && hash_equals($this->hash($account, $timestamp), $hash);
            if ($valid) {
                $db->query('UPDATE one_time_login SET used = ? WHERE hash = ?', [$now, $hash]);
                $db->query('UPDATE users SET login = ? WHERE uid = ?', [$now, $uid]);
            }
            return $valid;
        });
    }

    private function hash(array $account, int $timestamp): string
    {
        $data = $timestamp . $account['login'] . $account['uid'] . $account['mail'];
        $key = $this->site->setting('hash_salt', '') . $account['pass'];
        return rtrim(strtr(base64_encode(hash_hmac('sha256', $data, $key, true)), '+/', '-_'), '=');
    }
}
