import { documentBesideItem, titleBesideCommittee, withArticle } from './french-names';

describe('French names of institutions', () => {
  it.each([
    ['Académie de Grenoble', 'L’Académie de Grenoble'],
    ['académie de la Guyane', 'L’Académie de la Guyane'],
    ['Commune de Crêts en Belledonne', 'La Commune de Crêts en Belledonne'],
    ['Ville de Rémire-Montjoly', 'La Ville de Rémire-Montjoly'],
    ['Syndicat mixte Somme numérique', 'Le Syndicat mixte Somme numérique'],
    ['Établissement public local', 'L’Établissement public local'],
    ['DSDEN 38', 'La DSDEN 38'],
    ['Claire Martin', 'Claire Martin'],
  ])('writes « %s » as the subject of a sentence: « %s »', (name, subject) => {
    expect(withArticle(name)).toBe(subject);
  });

  it('does not repeat the committee’s name in the meeting’s title', () => {
    expect(titleBesideCommittee('Comité de pilotage – séance de mars', 'Comité de pilotage')).toBe('séance de mars');
    expect(titleBesideCommittee('comité de pilotage', 'Comité de pilotage')).toBeNull();
    expect(titleBesideCommittee('Séance du trimestre', 'Comité de pilotage')).toBe('Séance du trimestre');
    expect(titleBesideCommittee(null, 'Comité de pilotage')).toBeNull();
  });

  it('names an agenda item’s document « Document » when its title only repeats the item’s, or is blank', () => {
    const item = 'Bilan de l’utilisation de la classe mobile';
    expect(documentBesideItem(item, item)).toBe('Document');
    expect(documentBesideItem(' bilan de l\'utilisation  de la classe mobile ', item)).toBe('Document');
    expect(documentBesideItem('', item)).toBe('Document');
    expect(documentBesideItem(null, item)).toBe('Document');
    expect(documentBesideItem('Bilan 2025', 'Bilan du trimestre')).toBe('Bilan 2025');
  });
});
