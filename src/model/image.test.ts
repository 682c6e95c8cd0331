import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageRepository, imageTag } from './image.js';

describe('image references', () => {
  it('when an image reference has a registry port, tag or digest then repository and tag are split correctly', () => {
    assert.equal(
      imageRepository('localhost:5000/envoyproxy/envoy:v1.28.0'),
      'localhost:5000/envoyproxy/envoy',
    );
    assert.equal(imageTag('localhost:5000/nginx'), '');
    assert.equal(imageTag('nginx:latest'), 'latest');
    assert.equal(imageTag('nginx@sha256:abc'), null);
  });
});
