# Las palabras del propio sitio: páginas, avisos, errores y el correo de
# confirmación, en español (trato de usted).

## Todas las páginas

paid-for-by = Pagado por { $sponsor }, { $address }.
privacy-policy = Política de privacidad
go-to-campaigns = Ir a las campañas
open-campaigns = Campañas abiertas
no-open-campaign = Ahora mismo ninguna campaña recibe cartas.
language-switch-label = Idioma
party = { $party ->
    [Republican] republicano
    [Democrat] demócrata
    [Independent] independiente
   *[other] { $party }
}
and-list = { $first } y { $last }
date = { $day } de { $month ->
    [1] enero
    [2] febrero
    [3] marzo
    [4] abril
    [5] mayo
    [6] junio
    [7] julio
    [8] agosto
    [9] septiembre
    [10] octubre
    [11] noviembre
   *[12] diciembre
} de { $year }

## La página de la campaña

write-your-letter = Escriba su carta
lead-closed = Esta campaña ha terminado y ya no recibe cartas. Gracias a todas las personas que escribieron.
progress-after-count = { $count ->
    [one] carta escrita
   *[other] cartas escritas
} de una meta de { $goal }.
progress-label = Avance hacia la meta
take-action = Actúe ahora
correct-fields = Por favor, corrija { $count ->
    [one] { $count } campo
   *[other] { $count } campos
}
honeypot-label = Deje esto en blanco
about-you = Sus datos
your-address = Su dirección
your-letter = Su carta
editing-encouraged = Le hemos preparado una carta. Las oficinas prestan más atención a las cartas escritas con las propias palabras de sus electores, así que le animamos a hacerla suya.
editing-optional = Puede enviar la carta tal como está.
signed = Firma:
signature-placeholder = su nombre, tal como lo escriba arriba
opt-in = Deseo recibir noticias ocasionales de { $sponsor }.
opt-in-privacy = Lea la política de privacidad.
send-my-letter = Enviar mi carta
copy-by-email = Le enviaremos una copia de su carta por correo electrónico.
campaign-closed-thanks = Esta campaña ha terminado y ya no recibe cartas. Gracias a todas las personas que escribieron.
district-unsure = ¿No sabe cuál es el suyo?
district-find-link = La Cámara de Representantes encuentra a su representante a partir de su dirección completa.
option-seat-vacant = el escaño está vacante
data-senate-as-of = Datos de los senadores al { $date }.
data-house-as-of = Datos de la Cámara al { $house }; códigos postales relacionados con distritos al { $zip_table }.
district-may-ask = Si su código postal abarca más de un distrito del Congreso, le preguntaremos cuál es el suyo.
decides-senators = Su estado determina qué dos senadores reciben su carta. Washington D. C. y los territorios de EE. UU. no tienen senadores, así que desde allí no se pueden enviar cartas.
decides-representative = Su dirección determina qué miembro de la Cámara de Representantes recibe su carta: su representante, o el delegado de Washington D. C. o de un territorio.
decides-congress = Su estado determina sus dos senadores, y su dirección, su miembro de la Cámara de Representantes. Washington D. C. y los territorios de EE. UU. no tienen senadores; su delegado recibe la carta.
decides-members-representing = Esta carta va a aquellos miembros a quienes escribe esta campaña que representan a su estado o distrito.
decides-members-all = Esta carta va a todos los miembros a quienes escribe esta campaña, viva usted donde viva.
hint-goes-to = Su carta irá a { $names }.
hint-goes-to-seat-vacant = Su carta irá a { $names }. El escaño de la Cámara por { $seat } está vacante.
hint-seat-vacant-no-one = El escaño de la Cámara por { $seat } está vacante, así que una carta desde aquí no tiene destinatario.
hint-no-senators = { $state } no tiene senadores federales, así que una carta desde aquí no tiene destinatario.
hint-no-one = Ninguno de los miembros a quienes escribe esta campaña representa a { $state }.
hint-your-representative-from-zip = su representante, según su código postal
hint-your-representative-if-written-to = su representante, si esta campaña le escribe

## Lo que dice el programa de la página

script-sending = Enviando…
script-link-copied = Enlace copiado.
script-correct-one = Por favor, corrija 1 campo
script-correct-other = Por favor, corrija { "{" }count{ "}" } campos

## Una carta devuelta

notice-expired = Este formulario estuvo abierto más de un día y, por su seguridad, ha caducado. Revise su carta y envíela de nuevo.
notice-send-again = Revise su carta a continuación y envíela una vez más: de vez en cuando lo pedimos para mantener fuera las cartas automáticas.
notice-busy = No pudimos guardar su carta en este momento y no se guardó nada. Su carta está abajo tal como la escribió: envíela de nuevo dentro de un momento.
notice-not-checked = Complete la comprobación de que es una persona y vuelva a enviar su carta.
notice-check-unavailable = No pudimos comprobar ahora mismo que es una persona. No se perdió nada: vuelva a enviar su carta dentro de un momento.
notice-rate-limited = Hemos recibido muchas cartas desde su conexión o su dirección en poco tiempo. Envíe la suya de nuevo dentro de { $minutes ->
    [one] un minuto
   *[other] { $minutes } minutos
}.

## La página de agradecimiento

thanks-title = Gracias: { $campaign }
thanks-heading = Gracias por escribir
thanks-recorded-copied = Su carta a { $addressees } ha quedado registrada. Le hemos enviado una copia por correo electrónico.
thanks-not-delivered = Esta campaña no entrega las cartas a las oficinas. Para asegurarse de que sepan de usted, llámelas o escríbales a través de sus propios formularios de contacto.
thanks-awaiting-confirmation = Su carta a { $addressees } ha quedado registrada. Llegará a sus oficinas en cuanto la confirme desde el correo que le hemos enviado.
thanks-being-delivered = Su carta a { $addressees } se está entregando a sus oficinas. Le hemos enviado una copia por correo, con un enlace para ver cuándo la tiene cada oficina.
seat-vacant = El escaño de la Cámara por { $seat } está vacante, así que su carta no va dirigida a él.
next-call = Siguiente paso: llame a sus oficinas
reach-offices = Comuníquese con sus oficinas
call-counts-twice = Una llamada breve hace que su carta cuente el doble.
call-script-default = Diga que es elector de su distrito o estado y qué les pidió en su carta.
phone-not-listed = Teléfono de la oficina aún no disponible
ask-others = Pida a otras personas que escriban
share-x = Compartir en X
share-facebook = Compartir en Facebook
share-email = Compartir por correo electrónico
campaign-link = Enlace de la campaña
copy-link = Copiar el enlace

## El comprobante

receipt-title = Comprobante de su carta: { $campaign }
receipt-heading = Comprobante de su carta
receipt-written = Su carta de la campaña «{ $campaign }», escrita el { $date }.
receipt-no-members = Ninguno de los miembros a quienes iba dirigida ocupa ya su escaño.
reach-yourself = Comuníquese usted con la oficina:
receipt-keep-link = Esta página cambia según avanza su carta: guarde el enlace de su correo para volver.
standing-recorded = Registrada. Esta campaña no entrega las cartas a las oficinas.
standing-awaiting-confirmation = Registrada, en espera de que usted la confirme desde el correo que le enviamos: llegará a la oficina en cuanto lo haga.
standing-being-delivered = En entrega: el servicio de entrega de la oficina aún no la ha aceptado. Seguiremos intentándolo hasta que lo haga.
standing-delivered = Entregada el { $date }.
standing-refused = No entregada: el servicio de entrega de la oficina la rechazó.
standing-unreachable = No entregada: esta oficina no recibe cartas por el servicio de entrega del Congreso.

## Retirar y confirmar

letter-gone = Esta carta ya no está guardada: se retiró o terminó el plazo en que se conserva.
withdraw-title = Retirar su carta
withdraw-ask = Si usted no escribió esta carta, o ha cambiado de opinión, puede retirarla. No se entregará, se borrarán lo que escribió y sus datos, y su dirección podrá usarse para escribir de nuevo.
withdraw-button = Retirar mi carta
withdrawn = Su carta ha sido retirada. No se entregará, y se han borrado lo que escribió y sus datos. Gracias por avisarnos.
confirm-title = Confirmar su carta
confirm-ask = Confirme que usted escribió esta carta y que esta dirección de correo es suya.
confirm-ask-updates = También pidió recibir noticias ocasionales de { $sponsor }: al confirmar, indica que las desea.
confirm-my-letter = Confirmar mi carta
confirmed = Gracias: su carta está confirmada.
already-confirmed = Usted ya confirmó esta carta. Gracias.

## El correo de confirmación

email-subject = Su carta: { $campaign }
email-heading = Gracias por escribir a { $audience }.
email-copy-of = Esta es una copia de la carta que escribió en la campaña «{ $campaign }».
email-recorded-not-delivered = Su carta ha quedado registrada. Esta campaña no entrega las cartas a las oficinas: para asegurarse de que sepan de usted, llámelas o escríbales por sus propios formularios de contacto. Va dirigida a:
email-recorded-awaiting = Su carta ha quedado registrada. Llegará a las oficinas de sus destinatarios en cuanto usted la confirme (más abajo):
email-being-delivered = Su carta se está entregando a las oficinas de:
office-phone = teléfono de la oficina
not-yet-listed = aún no disponible
email-receipt-link = Vea en qué punto está su carta en cada oficina
email-subject-line = Asunto:
email-please-confirm = Por favor, confirme su carta: queda en espera hasta que lo haga.
email-confirm-updates-too = Al confirmar, también indica que desea las noticias que pidió de { $sponsor }.
email-confirm-here = Confírmela aquí:
email-updates-only-if = Usted pidió recibir noticias ocasionales de { $sponsor }. Solo se las enviaremos si confirma que las desea.
email-confirm-updates-link = Confirmar que las deseo
email-not-you = ¿No fue usted, o ha cambiado de opinión?
email-withdraw-link = Retirar esta carta
email-call-twice = Una llamada a sus oficinas hace que su carta cuente el doble.
email-ask-others = Pida a otras personas que también escriban:
email-one-time = Esta es una confirmación única de su carta. No volveremos a escribirle salvo que haya pedido recibir noticias.

## Errores

error-title = { $status ->
    [400] Solicitud incorrecta
    [401] No autorizado
    [403] Prohibido
    [404] No encontrado
    [408] Tiempo de espera agotado
    [410] Ya no está disponible
    [413] Contenido demasiado grande
    [415] Tipo de contenido no admitido
    [422] Contenido no procesable
    [500] Error interno del servidor
    [503] Servicio no disponible
   *[other] Error
}
error-campaign-not-found = No hay ninguna campaña en esta dirección.
error-not-found = No hay nada en esta dirección.
error-link-not-valid = Este enlace no es válido o ha caducado. Los enlaces de nuestros correos duran lo mismo que se conserva la carta que mencionan.
error-unauthenticated = Esta ruta requiere las credenciales de un analista.
error-cross-site = Este formulario solo acepta cartas desde su propia página. Si quería escribir, abra la página de la campaña y envíe allí su carta.
error-campaign-closed = Esta campaña ha terminado y ya no recibe cartas.
error-campaign-draft = Esta campaña todavía no se ha lanzado: aún no tiene página pública y no recibe cartas.
notice-draft-preview = Vista previa de un borrador: solo quienes tienen este enlace pueden ver esta página, y no recibe cartas hasta que se lance la campaña.
error-campaign-retired = Esta campaña ha terminado y su página se ha retirado. Los enlaces de nuestros correos sobre su propia carta siguen funcionando.
error-unsupported-media-type = Envíe la carta como application/x-www-form-urlencoded o application/json.
error-payload-too-large = La carta es demasiado grande para aceptarla.
error-body-too-slow = La carta tardó demasiado en llegar. Revise su conexión y envíela de nuevo.
error-malformed = No se pudo leer la solicitud: { $why }.
error-invalid-in-path = El dato «{ $name }» de la dirección no es válido: { $why }.
error-invalid-cursor = No se pudo leer la solicitud: el cursor no es uno que haya dado este servidor.
error-busy = Estamos recibiendo muchísimas cartas en este momento. No se perdió nada: envíe la suya de nuevo dentro de un momento.
error-ours = Algo falló de nuestro lado y no se guardó nada. Inténtelo de nuevo.
