import { attributesDigest, checkMessage, md5Hex } from '../../runtime/services/sqs/message-contents';

describe('SQS message digests', () => {
  it('MD5OfMessageBody is the hex MD5 of the UTF-8 body', () => {
    expect(md5Hex('derp')).toBe('58fd9edd83341c29f1aebba81c31e257');
  });

  // Digests AWS returned for these attributes, as pinned by moto's SQS test suite.
  it.each([
    ['timestamp', '1493147359900', '235c5c510d26fb653d073faed50ae77c'],
    ['timestamp', '1493147359901', '994258b45346a2cc3f9cbb611aa7af30'],
  ])('MD5OfMessageAttributes of a Number attribute %s=%s is %s', (name, value, digest) => {
    expect(attributesDigest({ [name]: { DataType: 'Number', StringValue: value } })).toBe(digest);
  });

  it('digests attributes in name order, whatever order they come in', () => {
    const a = { DataType: 'String', StringValue: 'x' };
    const b = { DataType: 'Binary', BinaryValue: Buffer.from('hi').toString('base64') };
    expect(attributesDigest({ b, a })).toBe(attributesDigest({ a, b }));
  });

  it('encodes a binary attribute as length-prefixed name, type, transport byte 2 and value', () => {
    const field = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes]);
    const expected = Buffer.concat([field(Buffer.from('bin')), field(Buffer.from('Binary')), Buffer.from([2]), field(Buffer.from('hi'))]);
    expect(attributesDigest({ bin: { DataType: 'Binary', BinaryValue: Buffer.from('hi').toString('base64') } })).toBe(md5Hex(expected));
  });
});

describe('SQS message checks', () => {
  it('accepts tabs, newlines and characters outside the BMP', () => {
    expect(checkMessage('a\tb\nc\r😀', undefined, 1024).md5OfBody).toBe(md5Hex('a\tb\nc\r😀'));
  });

  it.each([['\u0000'], ['\u0008'], ['\uFFFE'], ['\uD800 lone surrogate']])('refuses the body %j as InvalidMessageContents', (body) => {
    expect(() => checkMessage(body, undefined, 1024)).toThrow(expect.objectContaining({ code: 'InvalidMessageContents' }));
  });

  it('refuses an empty body as MissingParameter', () => {
    expect(() => checkMessage('', undefined, 1024)).toThrow(expect.objectContaining({ code: 'MissingParameter' }));
  });

  it('counts body and attributes against the queue size limit', () => {
    const attributes = { n: { DataType: 'String', StringValue: 'x'.repeat(10) } };
    expect(checkMessage('y'.repeat(1007), attributes, 1024).size).toBe(1024);
    expect(() => checkMessage('y'.repeat(1008), attributes, 1024)).toThrow('Message must be shorter than 1024 bytes.');
  });

  it('refuses unknown attribute types, empty values and non-numeric Numbers', () => {
    expect(() => checkMessage('b', { a: { DataType: 'Date', StringValue: 'x' } }, 1024)).toThrow(/supported type prefixes/);
    expect(() => checkMessage('b', { a: { DataType: 'String' } }, 1024)).toThrow(/non-empty message attribute value/);
    expect(() => checkMessage('b', { a: { DataType: 'Number', StringValue: 'ten' } }, 1024)).toThrow(/to a number/);
  });
});
