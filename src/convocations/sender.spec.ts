import { parseAddress, senderFor } from './sender';

describe('the sender of convocations', () => {
  const config = {
    from: 'copil <copil@copil.example.fr>',
    fromByPartyKind: { academie: 'DSDEN 38 <ce.dsden38@ac-grenoble.example.fr>' },
  };

  it('uses the address configured for the convening party’s kind', () => {
    expect(senderFor({ kind: 'academie', name: 'Académie de Grenoble', email: 'other@example.fr' }, config)).toEqual({
      header: 'DSDEN 38 <ce.dsden38@ac-grenoble.example.fr>',
      name: 'DSDEN 38',
      email: 'ce.dsden38@ac-grenoble.example.fr',
    });
  });

  it('falls back to the party’s own address, named after the party', () => {
    expect(senderFor({ kind: 'commune', name: 'Ville de Saint-Denis', email: 'Secretariat@Saint-Denis.example.re' }, config)).toEqual({
      header: 'Ville de Saint-Denis <secretariat@saint-denis.example.re>',
      name: 'Ville de Saint-Denis',
      email: 'secretariat@saint-denis.example.re',
    });
  });

  it('falls back to the installation’s address, still named after the party', () => {
    expect(senderFor({ kind: 'commune', name: 'Commune de Crêts en Belledonne', email: null }, config)).toEqual({
      header: 'copil <copil@copil.example.fr>',
      name: 'copil',
      email: 'copil@copil.example.fr',
    });
    expect(senderFor(null, { from: 'copil@localhost', fromByPartyKind: {} }).email).toBe('copil@localhost');
  });

  it('quotes a display name holding specials', () => {
    expect(parseAddress('direction@ecole.example.fr', 'École, direction').header).toBe('"École, direction" <direction@ecole.example.fr>');
  });
});
