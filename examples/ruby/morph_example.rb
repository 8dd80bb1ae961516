# morph-connect from Ruby, with the standard library only.
#
#   ruby morph_example.rb connect <ownerId>    create a connection and print where to send the user
#   ruby morph_example.rb contacts <ownerId>   list the first contacts of a connected owner
#   ruby morph_example.rb verify < body.json   verify a webhook delivery (headers from the environment)
#
# Configuration: MORPH_URL (default http://localhost:8787), MORPH_SECRET_KEY; for `verify`,
# MORPH_WEBHOOK_SECRET (whsec_...) and WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE (the delivery's
# webhook-id, webhook-timestamp and webhook-signature headers). Method names follow /openapi.json.

require "base64"
require "json"
require "net/http"
require "openssl"
require "uri"

MORPH_URL = ENV.fetch("MORPH_URL", "http://localhost:8787").chomp("/")
TOLERANCE_SECONDS = 5 * 60

# An answer other than 2xx: the server's { error: { code, message } }.
class MorphError < StandardError
  attr_reader :status, :code

  def initialize(status, code, message)
    super("#{status} #{code}: #{message}")
    @status = status
    @code = code
  end
end

def request(method, path, body: nil, owner_id: nil)
  uri = URI(MORPH_URL + path)
  req = Net::HTTPGenericRequest.new(method, !body.nil?, true, uri.request_uri)
  req["authorization"] = "Bearer #{ENV.fetch('MORPH_SECRET_KEY')}"
  req["accept"] = "application/json"
  req["x-owner-id"] = owner_id if owner_id
  if body
    req["content-type"] = "application/json"
    req.body = JSON.generate(body)
  end
  answer = Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == "https", read_timeout: 30) { |http| http.request(req) }
  parsed = JSON.parse(answer.body)
  unless answer.is_a?(Net::HTTPSuccess)
    error = parsed.fetch("error", {})
    raise MorphError.new(answer.code.to_i, error["code"], error["message"])
  end
  parsed
end

def create_connection(owner_id, operations)
  request("POST", "/v1/connections", body: { connectorId: "exact-online", ownerId: owner_id, operations: operations })["data"]
end

def authorize_connection(owner_id)
  request("POST", "/v1/connections/exact-online/#{URI.encode_www_form_component(owner_id)}/authorize", body: {})["data"]
end

def list_resources(model, owner_id, limit)
  request("GET", "/v1/resources/#{model}?limit=#{limit}", owner_id: owner_id)
end

# Standard Webhooks: HMAC-SHA256 over "<id>.<timestamp>.<body>", keyed with the secret's bytes.
def verify_webhook(secret, msg_id, timestamp, signature_header, body)
  return false if (Time.now.to_i - Integer(timestamp, 10)).abs > TOLERANCE_SECONDS

  key = Base64.strict_decode64(secret.delete_prefix("whsec_"))
  expected = Base64.strict_encode64(OpenSSL::HMAC.digest("SHA256", key, "#{msg_id}.#{timestamp}.#{body}"))
  # The header may carry several signatures (during a secret rotation): any one that matches will do.
  signature_header.split(" ").any? do |part|
    version, candidate = part.split(",", 2)
    version == "v1" && !candidate.nil? && OpenSSL.secure_compare(expected, candidate)
  end
end

def main(argv)
  case [argv[0], argv.length]
  in ["connect", 2]
    create_connection(argv[1], ["genericContact::list"])
    link = authorize_connection(argv[1])
    puts "authorizationUrl: #{link['authorizationUrl']}"
    puts "expiresAt: #{link['expiresAt']}"
  in ["contacts", 2]
    list_resources("genericContact", argv[1], 5)["data"].each do |contact|
      puts "#{contact['id']}  #{contact['firstName']} #{contact['lastName']}".rstrip
    end
  in ["verify", 1]
    body = $stdin.binmode.read
    unless verify_webhook(ENV.fetch("MORPH_WEBHOOK_SECRET"), ENV.fetch("WEBHOOK_ID"), ENV.fetch("WEBHOOK_TIMESTAMP"), ENV.fetch("WEBHOOK_SIGNATURE"), body)
      puts "invalid signature"
      return 1
    end
    puts "valid #{JSON.parse(body)['type']}"
  else
    warn File.read(__FILE__).lines.take_while { |line| line.start_with?("#") }.join
    return 2
  end
  0
end

begin
  exit main(ARGV)
rescue MorphError => e
  warn "error: #{e.message}"
  exit 1
end
