# Lo que se le dice a quien escribe sobre un dato que escribió, y las
# palabras del dominio para las páginas: español (trato de usted).

## Los campos del formulario de la carta

field-prefix = Tratamiento
field-first-name = Nombre
field-last-name = Apellido
field-email = Correo electrónico
field-phone = Teléfono (opcional)
field-street = Dirección (calle y número)
field-city = Ciudad
field-state = Estado
field-zip = Código postal (ZIP)
field-district = Distrito del Congreso
field-subject = Asunto
field-message = Carta
field-own-words = Por qué esto le importa (opcional)
field-closing = Despedida
field-source = Origen
field-utm-source = Origen UTM
field-utm-medium = Medio UTM
field-utm-campaign = Campaña UTM
hint-own-words = Cuénteles en pocas frases por qué esto le importa. Irá después de la carta como un párrafo suyo: las oficinas dan más peso a lo que escriben los propios electores.

## Rechazos de lo escrito

text-kind-name = el nombre
text-kind-street = la dirección
text-kind-city = la ciudad
text-kind-subject = el asunto
text-kind-letter = la carta
text-kind-own-words = su párrafo
name-empty = Escriba un nombre.
street-empty = Escriba una dirección.
city-empty = Escriba una ciudad.
subject-empty = Escriba un asunto.
letter-empty = Escriba la carta.
own-words-empty = Escriba su párrafo.
text-too-long = Acorte { $kind } a { $max } caracteres como máximo (tiene { $chars }).
text-too-short = Alargue { $kind } a { $min } caracteres como mínimo (tiene { $chars }).
text-refused = Quite { $what ->
    [line-breaks] los saltos de línea
    [control] los caracteres de control
    [direction] los caracteres que cambian la dirección del texto
    [invisible] los caracteres invisibles
   *[unusable] los caracteres que no se pueden usar
} de { $kind }.
email-empty = Escriba su dirección de correo electrónico.
email-malformed = Escriba una dirección de correo como nombre@ejemplo.org.
email-too-long = Acorte la dirección de correo a { $max } caracteres como máximo.
phone-empty = Escriba su número de teléfono.
phone-malformed = Escriba un número de teléfono de EE. UU. de 10 dígitos, como 202-555-0143.
prefix-missing = Elija cómo debe dirigirse a usted la oficina.
prefix-unlisted = Elija un tratamiento de la lista.
prefix-prompt = Elija…
state-empty = Elija su estado.
state-unlisted = Elija un estado de EE. UU. de la lista.
state-prompt = Elija su estado
zip-empty = Escriba su código postal.
zip-malformed = Escriba un código postal de 5 dígitos, como 20510 o 20510-0001.
zip-unassigned = Ningún código postal empieza por 000: revise los primeros dígitos.
zip-elsewhere = Ese código postal está en { $places }, no en { $state }. Revise su código postal y su estado.
closing-empty = Elija una despedida para su carta.
closing-unlisted = Elija una despedida de la lista.
district-empty = Elija su distrito del Congreso.
district-unlisted = Elija su distrito de la lista.
link-tag-invalid = Use de 1 a 64 letras, dígitos, guiones, guiones bajos y puntos.

## Distritos y a quién va una carta

district-at-large = { $state } (distrito único)
district-numbered = distrito { $number } de { $state }
district-split-zip = El código postal { $zip } abarca más de un distrito del Congreso. Elija el suyo.
district-unknown-zip = No pudimos relacionar el código postal { $zip } con un distrito del Congreso de su estado. Elija el suyo.
district-address-changed = Usted cambió su dirección; por favor, elija de nuevo su distrito del Congreso.
district-not-a-candidate = { $district } no es uno de los distritos que abarca el código postal { $zip }. Elija uno de los que se ofrecen.
no-senators = { $state } no tiene senadores federales, así que esta carta no tiene destinatario. Lo sentimos: esta campaña solo acepta cartas de los cincuenta estados.
seat-vacant-no-one = El escaño de la Cámara por { $district } está vacante, así que esta carta no tiene destinatario hasta que se ocupe.
no-member-for-district = Ninguno de los miembros a quienes escribe esta campaña representa { $district }, así que esta carta no tiene destinatario.
no-member-for-state = Ninguno de los miembros a quienes escribe esta campaña representa { $state }, así que esta carta no tiene destinatario.
member-title = { $role ->
    [senator] Senador(a)
    [representative] Representante
    [delegate] Delegado(a)
   *[commissioner] Comisionado(a) Residente
}
contact-form = formulario de contacto
website = sitio web
salutation = { $targets ->
    [senators] Estimado(a) senador(a):
    [representative] Estimado(a) representante:
   *[other] Estimado(a) miembro del Congreso:
}
audience = { $targets ->
    [senators] sus senadores
    [representative] su representante
    [congress] sus miembros del Congreso
   *[members] miembros del Congreso
}
# The line under the headline on a campaign's share picture; build.rs
# reads these variants to draw the bundled campaigns' pictures.
invitation = { $targets ->
    [senators] Escriba a sus dos senadores de EE. UU.: le tomará un minuto.
    [representative] Escriba a su representante: le tomará un minuto.
    [congress] Escriba a sus miembros del Congreso: le tomará un minuto.
   *[members] Escriba a miembros del Congreso: le tomará un minuto.
}
