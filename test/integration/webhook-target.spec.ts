import { AllowedNetworks, checkTarget, ipLiteral, type TargetVerdict } from '@cl/integration';

/** docs/http-api.md, Integration, "Webhook targets": the pure decision over a URL and its addresses. */
describe('checkTarget', () => {
  const none = AllowedNetworks.none;
  const https = new URL('https://hooks.example.com/hook');
  const http = new URL('http://hooks.example.com/hook');
  const refusal = (verdict: TargetVerdict) => (verdict.allowed ? 'allowed' : verdict.refusal.reason);

  const nonPublic: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4Mapped of loopback'],
    ['::ffff:10.0.0.1', 'ipv4Mapped of private'],
    ['::ffff:169.254.169.254', 'ipv4Mapped of linkLocal'],
    ['64:ff9b::7f00:1', 'rfc6052 of loopback'],
    ['64:ff9b::a9fe:a9fe', 'rfc6052 of linkLocal'],
    ['64:ff9b:1::1', 'rfc6052'],
    ['::ffff:0:7f00:1', 'rfc6145 of loopback'],
    ['::7f00:1', 'ipv4Compatible'],
    ['2002:7f00:1::1', '6to4'],
    ['2001::1', 'teredo'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'discard'],
    ['4000::1', 'unallocated'],
  ];

  it.each(nonPublic)('refuses %s (%s) without allowed networks, over https too', (address, range) => {
    expect(checkTarget(https, [address], none)).toEqual({
      allowed: false,
      refusal: { reason: 'non_public_address', address: expect.any(String), range },
    });
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('accepts https to the public %s, and refuses http to it', (address) => {
    expect(checkTarget(https, [address], none)).toEqual({ allowed: true });
    expect(refusal(checkTarget(http, [address], none))).toBe('https_required');
  });

  it('refuses a name when any one of its addresses is non-public', () => {
    expect(refusal(checkTarget(https, ['93.184.216.34', '10.0.0.7'], none))).toBe('non_public_address');
    expect(refusal(checkTarget(https, ['2606:4700:4700::1111', '::1'], none))).toBe('non_public_address');
  });

  it('refuses a name that resolves to nothing, and schemes other than http(s)', () => {
    expect(refusal(checkTarget(https, [], none))).toBe('unresolved');
    expect(checkTarget(https, ['not-an-address'], none)).toEqual({
      allowed: false,
      refusal: { reason: 'non_public_address', address: 'not-an-address', range: 'invalid' },
    });
    expect(refusal(checkTarget(new URL('ftp://hooks.example.com/'), ['93.184.216.34'], none))).toBe(
      'not_an_http_url',
    );
  });

  describe('with allowed networks', () => {
    const allowed = AllowedNetworks.parse([
      '127.0.0.0/8',
      '::1/128',
      '10.0.0.0/8',
      'fd00::/8',
      '203.0.113.0/24',
    ]);

    it('accepts non-public addresses inside them, over http too', () => {
      for (const address of [
        '127.0.0.1',
        '10.9.8.7',
        '::1',
        'fd00::1',
        '::ffff:127.0.0.1',
        '64:ff9b::a00:1',
      ]) {
        expect([address, checkTarget(http, [address], allowed)]).toEqual([address, { allowed: true }]);
        expect([address, checkTarget(https, [address], allowed)]).toEqual([address, { allowed: true }]);
      }
    });

    it('still refuses non-public addresses outside them', () => {
      for (const address of ['192.168.1.1', '169.254.169.254', 'fe80::1', 'fc00::1', '::ffff:192.168.0.1']) {
        expect([address, refusal(checkTarget(https, [address], allowed))]).toEqual([
          address,
          'non_public_address',
        ]);
      }
      expect(refusal(checkTarget(https, ['10.0.0.1', '192.168.0.1'], allowed))).toBe('non_public_address');
    });

    it('allows http only when every address is inside them', () => {
      expect(checkTarget(http, ['203.0.113.5'], allowed)).toEqual({ allowed: true });
      expect(refusal(checkTarget(http, ['10.0.0.1', '93.184.216.34'], allowed))).toBe('https_required');
      expect(checkTarget(https, ['10.0.0.1', '93.184.216.34'], allowed)).toEqual({ allowed: true });
    });

    it('covers an IPv4-mapped address by an IPv6 network written as such too', () => {
      const mapped = AllowedNetworks.parse(['::ffff:127.0.0.0/104']);
      expect(checkTarget(http, ['::ffff:127.0.0.1'], mapped)).toEqual({ allowed: true });
      expect(refusal(checkTarget(http, ['127.0.0.1'], mapped))).toBe('non_public_address');
    });
  });
});

describe('ipLiteral', () => {
  it.each([
    ['http://127.0.0.1:8080/x', '127.0.0.1'],
    ['http://2130706433/x', '127.0.0.1'],
    ['http://0177.0.0.1/x', '127.0.0.1'],
    ['http://0x7f.1/x', '127.0.0.1'],
    ['http://127.1/x', '127.0.0.1'],
    ['http://[::1]/x', '::1'],
    ['http://[::ffff:127.0.0.1]/x', '::ffff:7f00:1'],
    ['http://[64:ff9b::7f00:1]/x', '64:ff9b::7f00:1'],
    ['https://hooks.example.com/x', undefined],
    ['https://localhost/x', undefined],
    ['https://1.2.3.4.example.com/x', undefined],
  ])('%s -> %s', (url, literal) => {
    expect(ipLiteral(new URL(url))).toBe(literal);
  });

  it('checks the normalized literal: decimal and octal loopback forms are loopback', () => {
    for (const url of ['https://2130706433/', 'https://0177.0.0.1/', 'https://[::ffff:127.0.0.1]/']) {
      const target = new URL(url);
      expect([url, refusal(checkTarget(target, [ipLiteral(target)!], AllowedNetworks.none))]).toEqual([
        url,
        'non_public_address',
      ]);
    }
  });

  const refusal = (verdict: TargetVerdict) => (verdict.allowed ? 'allowed' : verdict.refusal.reason);
});
