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
      replyTo: null,
    });
  });

  it('comes in the name of a convener holding a seat, from the address copil sends from, Reply-To theirs', () => {
    const director = { fullName: 'Claire Martin', email: 'ce.0382460t@ac-grenoble.example.fr' };
    expect(senderFor({ kind: 'academie', name: 'Académie de Grenoble', email: null }, config, director)).toEqual({
      header: 'Claire Martin <ce.dsden38@ac-grenoble.example.fr>',
      name: 'Claire Martin',
      email: 'ce.dsden38@ac-grenoble.example.fr',
      replyTo: 'Claire Martin <ce.0382460t@ac-grenoble.example.fr>',
    });
    // Never the party's registry address: copil cannot sign for it.
    expect(senderFor({ kind: 'commune', name: 'Ville', email: 'mairie@ville.example.fr' }, config, director)).toMatchObject({
      header: 'Claire Martin <copil@copil.example.fr>',
      replyTo: 'Claire Martin <ce.0382460t@ac-grenoble.example.fr>',
    });
  });

  it('falls back to the party’s own address, named after the party', () => {
    expect(senderFor({ kind: 'commune', name: 'Ville de Saint-Denis', email: 'Secretariat@Saint-Denis.example.re' }, config)).toEqual({
      header: 'Ville de Saint-Denis <secretariat@saint-denis.example.re>',
      name: 'Ville de Saint-Denis',
      email: 'secretariat@saint-denis.example.re',
      replyTo: null,
    });
  });

  it('falls back to the installation’s address, still named after the party', () => {
    expect(senderFor({ kind: 'commune', name: 'Commune de Crêts en Belledonne', email: null }, config)).toEqual({
      header: 'copil <copil@copil.example.fr>',
      name: 'copil',
      email: 'copil@copil.example.fr',
      replyTo: null,
    });
    expect(senderFor(null, { from: 'copil@localhost', fromByPartyKind: {} }).email).toBe('copil@localhost');
  });

  it('quotes a display name holding specials', () => {
    expect(parseAddress('direction@ecole.example.fr', 'École, direction').header).toBe('"École, direction" <direction@ecole.example.fr>');
  });
});
