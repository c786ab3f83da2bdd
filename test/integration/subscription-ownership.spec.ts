import { isOwnedBy, mayManage } from '@cl/integration';

/** Who may see and manage a webhook subscription (subscription-ownership.ts). */
describe('mayManage', () => {
  const owned = { ownerId: 'actor-a' };

  it('lets its owner and admin manage it, no one else', () => {
    expect(mayManage(owned, { id: 'actor-a', role: 'integrator' })).toBe(true);
    expect(mayManage(owned, { id: 'actor-b', role: 'integrator' })).toBe(false);
    expect(mayManage(owned, { id: 'actor-z', role: 'admin' })).toBe(true);
  });

  it('counts an id the actor had before as its own', () => {
    const renamed = { id: 'actor-a2', role: 'integrator', formerIds: ['actor-a'] };
    expect(mayManage(owned, renamed)).toBe(true);
    expect(isOwnedBy('actor-a', renamed)).toBe(true);
    expect(isOwnedBy('actor-c', renamed)).toBe(false);
  });

  it('gives a subscription without an owner to admin only', () => {
    expect(mayManage({ ownerId: null }, { id: 'actor-a', role: 'integrator' })).toBe(false);
    expect(mayManage({ ownerId: null }, { id: 'actor-z', role: 'admin' })).toBe(true);
  });
});
