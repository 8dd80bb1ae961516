<?php
/**
 * morph-connect from PHP, with the standard library only (php-cli; no curl extension needed).
 *
 *   php morph_example.php connect <ownerId>    create a connection and print where to send the user
 *   php morph_example.php contacts <ownerId>   list the first contacts of a connected owner
 *   php morph_example.php verify < body.json   verify a webhook delivery (headers from the environment)
 *
 * Configuration: MORPH_URL (default http://localhost:8787), MORPH_SECRET_KEY; for `verify`,
 * MORPH_WEBHOOK_SECRET (whsec_…) and WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE (the delivery's
 * webhook-id, webhook-timestamp and webhook-signature headers). Function names follow /openapi.json.
 */

declare(strict_types=1);

const TOLERANCE_SECONDS = 5 * 60;

/** An answer other than 2xx: the server's { error: { code, message } }. */
final class MorphError extends RuntimeException
{
    public function __construct(public readonly int $status, public readonly ?string $errorCode, string $message)
    {
        parent::__construct("$status $errorCode: $message");
    }
}

function morphUrl(): string
{
    return rtrim(getenv('MORPH_URL') ?: 'http://localhost:8787', '/');
}

function request(string $method, string $path, ?array $body = null, ?string $ownerId = null): array
{
    $headers = ['authorization: Bearer ' . getenv('MORPH_SECRET_KEY'), 'accept: application/json'];
    if ($ownerId !== null) {
        $headers[] = "x-owner-id: $ownerId";
    }
    $options = ['method' => $method, 'header' => $headers, 'ignore_errors' => true, 'timeout' => 30];
    if ($body !== null) {
        $options['header'][] = 'content-type: application/json';
        // An empty PHP array would encode as [], not {}.
        $options['content'] = $body === [] ? '{}' : json_encode($body, JSON_THROW_ON_ERROR);
    }
    $answer = file_get_contents(morphUrl() . $path, false, stream_context_create(['http' => $options]));
    // $http_response_header is filled in by the http stream wrapper; its first line is the status line.
    $status = (int) explode(' ', $http_response_header[0] ?? 'HTTP/1.1 0')[1];
    $parsed = json_decode($answer === false ? 'null' : $answer, true) ?? [];
    if ($status < 200 || $status >= 300) {
        throw new MorphError($status, $parsed['error']['code'] ?? null, $parsed['error']['message'] ?? 'no answer');
    }
    return $parsed;
}

function createConnection(string $ownerId, array $operations): array
{
    return request('POST', '/v1/connections', ['connectorId' => 'exact-online', 'ownerId' => $ownerId, 'operations' => $operations])['data'];
}

function authorizeConnection(string $ownerId): array
{
    return request('POST', '/v1/connections/exact-online/' . rawurlencode($ownerId) . '/authorize', [])['data'];
}

function listResources(string $model, string $ownerId, int $limit): array
{
    return request('GET', "/v1/resources/$model?limit=$limit", null, $ownerId);
}

/** Standard Webhooks: HMAC-SHA256 over "<id>.<timestamp>.<body>", keyed with the secret's bytes. */
function verifyWebhook(string $secret, string $id, string $timestamp, string $signatureHeader, string $body): bool
{
    if (!ctype_digit($timestamp) || abs(time() - (int) $timestamp) > TOLERANCE_SECONDS) {
        return false;
    }
    $key = base64_decode(preg_replace('/^whsec_/', '', $secret), true);
    $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $key, true));
    // The header may carry several signatures (during a secret rotation): any one that matches will do.
    foreach (explode(' ', $signatureHeader) as $part) {
        [$version, $candidate] = array_pad(explode(',', $part, 2), 2, '');
        if ($version === 'v1' && hash_equals($expected, $candidate)) {
            return true;
        }
    }
    return false;
}

function main(array $argv): int
{
    $command = $argv[1] ?? '';
    if ($command === 'connect' && count($argv) === 3) {
        createConnection($argv[2], ['genericContact::list']);
        $link = authorizeConnection($argv[2]);
        echo "authorizationUrl: {$link['authorizationUrl']}\n";
        echo "expiresAt: {$link['expiresAt']}\n";
    } elseif ($command === 'contacts' && count($argv) === 3) {
        foreach (listResources('genericContact', $argv[2], 5)['data'] as $contact) {
            echo rtrim("{$contact['id']}  " . ($contact['firstName'] ?? '') . ' ' . ($contact['lastName'] ?? '')) . "\n";
        }
    } elseif ($command === 'verify') {
        $body = stream_get_contents(STDIN);
        $ok = verifyWebhook((string) getenv('MORPH_WEBHOOK_SECRET'), (string) getenv('WEBHOOK_ID'), (string) getenv('WEBHOOK_TIMESTAMP'), (string) getenv('WEBHOOK_SIGNATURE'), $body);
        if (!$ok) {
            echo "invalid signature\n";
            return 1;
        }
        echo 'valid ' . json_decode($body, true)['type'] . "\n";
    } else {
        fwrite(STDERR, "usage: php morph_example.php connect <ownerId> | contacts <ownerId> | verify < body.json\n");
        return 2;
    }
    return 0;
}

try {
    exit(main($argv));
} catch (MorphError $error) {
    fwrite(STDERR, "error: {$error->getMessage()}\n");
    exit(1);
}
